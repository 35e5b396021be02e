namespace Sts.Core.Tests.WebIdentity;

/// <summary>Counts the HTTP requests the validator sends, by path suffix.</summary>
internal sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private int _jwks;
    private int _total;

    internal int JwksRequests => Volatile.Read(ref _jwks);

    internal int TotalRequests => Volatile.Read(ref _total);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _total);
        if (request.RequestUri!.AbsolutePath.EndsWith("/jwks", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _jwks);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
