namespace Sts.Core.DependencyInjection;

/// <summary>
/// The OIDC client configured in <see cref="StsOptions"/>: the caller's own (not disposed here), one wrapped around the
/// caller's handler (disposed with the container), or none (the validator then makes and owns its own).
/// </summary>
internal sealed class OidcHttpClientHolder : IDisposable
{
    private readonly bool _owned;

    public OidcHttpClientHolder(StsOptions options, IServiceProvider services)
    {
        if (options.OidcHttpClient is { } client)
        {
            Client = client(services) ?? throw new InvalidOperationException("Sts:OidcHttpClient returned null.");
        }
        else if (options.OidcHttpMessageHandler is { } handler)
        {
            var created = handler(services) ?? throw new InvalidOperationException("Sts:OidcHttpMessageHandler returned null.");
            Client = new HttpClient(created, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
            _owned = true;
        }
    }

    /// <summary>The client, or null for the validator's own.</summary>
    public HttpClient? Client { get; }

    public void Dispose()
    {
        if (_owned)
        {
            Client!.Dispose();
        }
    }
}
