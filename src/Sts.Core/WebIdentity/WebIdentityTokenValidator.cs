using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Sts.Core.WebIdentity;

/// <summary>
/// Validates the web identity token of <c>AssumeRoleWithWebIdentity</c> as AWS does: finds the OIDC
/// provider registered for its issuer, checks its algorithm, audience, lifetime and signature against
/// the provider's cached JWKS (and thumbprints), and turns its claims into session tags, a source
/// identity and trust-policy condition keys. Thread-safe; create one per process and reuse it so the
/// key cache works.
/// </summary>
public sealed partial class WebIdentityTokenValidator : IDisposable
{
    private readonly WebIdentityOptions _options;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly TlsChainRecorder? _tlsRecorder;
    private readonly ILogger _logger;
    private readonly JwksCache _keys;

    /// <summary>Creates a validator.</summary>
    /// <param name="options">The settings; validated here.</param>
    /// <param name="timeProvider">The clock for lifetimes and cache decisions; <see cref="TimeProvider.System"/> by default.</param>
    /// <param name="httpClient">
    /// The client for discovery and JWKS requests. By default the validator creates (and disposes) one whose
    /// handler validates TLS against the platform's roots and records the JWKS endpoint's chain for
    /// thumbprint checks; a client passed here is used as is (the TLS-chain thumbprint rule then never
    /// matches, the <c>x5c</c> rule still does) and is not disposed.
    /// </param>
    /// <param name="logger">Receives fetch failures (never tokens); <see cref="NullLogger"/> by default.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its documented range.</exception>
    public WebIdentityTokenValidator(
        WebIdentityOptions options,
        TimeProvider? timeProvider = null,
        HttpClient? httpClient = null,
        ILogger<WebIdentityTokenValidator>? logger = null)
        : this(options, timeProvider, httpClient, httpClient is null ? new TlsChainRecorder() : null, logger)
    {
    }

    internal WebIdentityTokenValidator(
        WebIdentityOptions options,
        TimeProvider? timeProvider,
        HttpClient? httpClient,
        TlsChainRecorder? tlsRecorder,
        ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _tlsRecorder = tlsRecorder;
        _ownsHttp = httpClient is null;
        // Our own client leaves timing to HttpTimeout on the injected clock.
        _http = httpClient ?? new HttpClient(tlsRecorder!.CreateHandler(), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _logger = logger ?? NullLogger.Instance;
        _keys = new JwksCache(options, _time, FetchKeySetAsync);
    }

    /// <summary>
    /// Validates a web identity token against the OIDC providers of the role's account.
    /// </summary>
    /// <param name="token">The raw token (<c>WebIdentityToken</c>).</param>
    /// <param name="providers">The OIDC providers registered in the role's account.</param>
    /// <param name="cancellationToken">Cancels the provider lookup and any wait for keys.</param>
    /// <returns>
    /// The validated identity, or an error: <c>ValidationError</c> (length outside 4..max);
    /// <c>InvalidIdentityToken</c> (format, algorithm, unknown issuer, audience, signature, key,
    /// thumbprint, claim shape, not yet valid); <c>ExpiredTokenException</c>;
    /// <c>IDPCommunicationError</c> (no usable keys could be fetched); <c>IDPRejectedClaim</c>
    /// (session tag or source identity values outside AWS's rules).
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> or <paramref name="providers"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ValueTask<StsResult<ValidatedWebIdentity>> ValidateAsync(
        string token,
        IOidcProviderSource providers,
        CancellationToken cancellationToken = default)
    {
        // With the provider list and the keys at hand (the usual case) every step completes synchronously, so the
        // whole validation runs here without an async state machine; whatever still has to wait continues in one of
        // the async continuations (WebIdentityTokenValidator.Steps.cs), which run the same steps in the same order.
        // Exceptions end the returned task, as they did when this method was async.
        try
        {
            ArgumentNullException.ThrowIfNull(token);
            ArgumentNullException.ThrowIfNull(providers);
            var read = ReadToken(token);
            if (!read.IsSuccess)
            {
                return new(read.Error);
            }

            var lookup = providers.FindByIssuerAsync(OidcIssuer.Normalize(read.Value.Claims.Issuer), cancellationToken);
            if (!lookup.IsCompletedSuccessfully)
            {
                return ContinueAfterLookupAsync(read.Value, lookup, cancellationToken);
            }

            var checkedToken = CheckAgainstProvider(read.Value, lookup.Result);
            if (!checkedToken.IsSuccess)
            {
                return new(checkedToken.Error);
            }

            var keys = _keys.GetAsync(checkedToken.Value.IssuerUrl, cancellationToken);
            return keys.IsCompletedSuccessfully
                ? VerifyWithKeys(checkedToken.Value, keys.Result, cancellationToken)
                : ContinueAfterKeysAsync(checkedToken.Value, keys, cancellationToken);
        }
        catch (Exception exception)
        {
            return Faulted(exception);
        }
    }

    /// <summary>Disposes the HTTP client the validator created (an injected one is left alone).</summary>
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }
}
