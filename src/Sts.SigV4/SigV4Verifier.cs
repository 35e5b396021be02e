using System.Security.Cryptography;

namespace Sts.SigV4;

/// <summary>
/// Verifies AWS Signature Version 4 and 4A requests (header, presigned query and browser POST policy)
/// for S3, STS, IAM and any other configured service. Thread-safe; create one per configuration and
/// share it: it caches derived signing keys.
/// </summary>
public sealed partial class SigV4Verifier
{
    private const string HmacAlgorithm = "AWS4-HMAC-SHA256";
    private const string EcdsaAlgorithm = "AWS4-ECDSA-P256-SHA256";
    private const string ScopeTerminator = "aws4_request";
    private const int MaxCredentialLength = 512;
    private const int MaxSignedHeadersLength = 4096;

    private readonly SigV4VerifierOptions _options;
    private readonly ICredentialResolver _resolver;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, ServiceInfo>.AlternateLookup<ReadOnlySpan<char>> _services;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _regions;
    private readonly HeaderNameSet _exemptions;
    private readonly HeaderNameSet _requiredSigned;
    private readonly SigningKeyCache _keys;
    private readonly SigV4AKeys _ecdsaKeys;

    /// <summary>Creates a verifier.</summary>
    /// <param name="options">What to accept; validated here.</param>
    /// <param name="resolver">Looks up secrets for access keys.</param>
    /// <param name="timeProvider">The clock for skew and expiry checks.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The options are inconsistent (no services, non-positive limits, negative skew).</exception>
    public SigV4Verifier(SigV4VerifierOptions options, ICredentialResolver resolver, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (options.Services is null || options.Services.Count == 0)
        {
            throw new ArgumentException("At least one service must be configured.", nameof(options));
        }

        if (options.MaxClockSkew < TimeSpan.Zero || options.MaxHeaderBytes <= 0 || options.MaxRequestTargetBytes <= 0 ||
            options.MaxChunkSize <= 0 || options.MaxChunkSize > 1024 * 1024 * 1024 || options.MinChunkSize < 0 ||
            options.MinChunkSize > options.MaxChunkSize || options.MaxBufferedBodyBytes < 0 || options.SigningKeyCacheSize <= 0)
        {
            throw new ArgumentException("Limits must be positive (MaxChunkSize at most 1 GiB, MinChunkSize at most MaxChunkSize) and MaxClockSkew non-negative.", nameof(options));
        }

        _options = options;
        _resolver = resolver;
        _time = timeProvider;
        var services = new Dictionary<string, ServiceInfo>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, SigV4ServiceFamily> service in options.Services)
        {
            services[service.Key] = new ServiceInfo(service.Key, service.Value, !options.UnnormalizedPathServices.Contains(service.Key));
        }

        _services = services.GetAlternateLookup<ReadOnlySpan<char>>();
        _regions = new HashSet<string>(options.AllowedRegions, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _exemptions = new HeaderNameSet(options.UnsignedHeaderExemptions);
        _requiredSigned = new HeaderNameSet(options.RequiredSignedHeaders);
        _keys = new SigningKeyCache(options.SigningKeyCacheSize);
        _ecdsaKeys = new SigV4AKeys(options.SigningKeyCacheSize);
    }

    /// <summary>
    /// Verifies a request signed in the <c>Authorization</c> header or in presigned-URL query parameters.
    /// Never throws for bad input: every failure is a result. Reading the returned body may throw
    /// <see cref="SigV4Exception"/> when the body breaks its signature, hash or checksum.
    /// </summary>
    /// <param name="request">The request as received.</param>
    /// <param name="cancellationToken">Cancels credential lookup and body buffering.</param>
    /// <returns>
    /// Success with the signer, or a failure: <see cref="SigV4ErrorCode.MissingAuthenticationToken"/>,
    /// <see cref="SigV4ErrorCode.AuthorizationHeaderMalformed"/>, <see cref="SigV4ErrorCode.IncompleteSignature"/>,
    /// <see cref="SigV4ErrorCode.AuthorizationQueryParametersError"/>, <see cref="SigV4ErrorCode.RequestTimeTooSkewed"/>,
    /// <see cref="SigV4ErrorCode.AccessDenied"/> (expired presigned URL, unsigned header), <see cref="SigV4ErrorCode.InvalidAccessKeyId"/>,
    /// <see cref="SigV4ErrorCode.InvalidToken"/>, <see cref="SigV4ErrorCode.ExpiredToken"/>, <see cref="SigV4ErrorCode.SignatureDoesNotMatch"/>,
    /// <see cref="SigV4ErrorCode.XAmzContentSHA256Mismatch"/>, <see cref="SigV4ErrorCode.InvalidArgument"/>, <see cref="SigV4ErrorCode.InvalidRequest"/>,
    /// <see cref="SigV4ErrorCode.RequestHeaderSectionTooLarge"/>, <see cref="SigV4ErrorCode.RequestEntityTooLarge"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> or one of its required parts is null.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public ValueTask<SigV4VerificationResult> VerifyAsync(SigV4Request request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Method);
        ArgumentNullException.ThrowIfNull(request.RawPath);
        ArgumentNullException.ThrowIfNull(request.Headers);
        SigV4Error? error = Prepare(request, out Pending pending);
        if (error is not null)
        {
            return new ValueTask<SigV4VerificationResult>(SigV4VerificationResult.Fail(error));
        }

        string accessKeyId = FindAccessKeyId(ref pending);
        ValueTask<SigV4CredentialResult> lookup = _resolver.ResolveAsync(accessKeyId, pending.SessionToken, cancellationToken);

        // The common case (a cached or in-memory credential, no body to buffer) finishes without an async state machine.
        if (lookup.IsCompletedSuccessfully && !(pending.HashBodyHere && request.Body is not null))
        {
            return new ValueTask<SigV4VerificationResult>(Finish(request, ref pending, lookup.Result, request.Body));
        }

        return FinishAsync(request, pending, lookup, cancellationToken);
    }

    private async ValueTask<SigV4VerificationResult> FinishAsync(SigV4Request request, Pending pending, ValueTask<SigV4CredentialResult> lookup, CancellationToken cancellationToken)
    {
        SigV4CredentialResult credential = await lookup.ConfigureAwait(false);
        Stream? body = request.Body;
        if (credential.IsSuccess && pending.HashBodyHere && body is not null)
        {
            BufferedBody buffered = await BufferBodyAsync(body, cancellationToken).ConfigureAwait(false);
            if (buffered.Bytes is null)
            {
                return Fail(pending.Service.Family, SigV4ErrorCode.RequestEntityTooLarge, $"The body is larger than the {_options.MaxBufferedBodyBytes} bytes the verifier hashes.");
            }

            pending.PayloadHash = buffered.HexHash;
            body = new MemoryStream(buffered.Bytes, writable: false);
        }

        return Finish(request, ref pending, credential, body);
    }

    private SigV4VerificationResult Finish(SigV4Request request, ref Pending pending, SigV4CredentialResult credential, Stream? body)
    {
        if (!credential.IsSuccess)
        {
            return Fail(pending.Service.Family, credential.Failure, QueryWording(pending.Service.Family, credential.Failure) ?? credential.FailureMessage ?? "The credentials could not be resolved.");
        }

        return Complete(request, ref pending, credential, body);
    }

    private SigV4VerificationResult Complete(SigV4Request request, ref Pending pending, SigV4CredentialResult credential, Stream? body)
    {
        string secret = credential.SecretAccessKey!;
        string source = pending.Source;
        ReadOnlySpan<char> signedHeaders = source.AsSpan(pending.SignedStart, pending.SignedLength);
        ReadOnlySpan<char> signature = source.AsSpan(pending.SignatureStart, pending.SignatureLength);
        ReadOnlySpan<char> scope = source.AsSpan(pending.CredentialStart + pending.AccessKeyIdLength + 1, pending.CredentialLength - pending.AccessKeyIdLength - 1);

        ReadOnlySpan<KeyValuePair<string, string>> headers = Canonicalizer.AsSpan(request.Headers);
        var buffer = new ByteBuffer(1024);
        try
        {
            SigningKeyCache.Entry? hmacKey = null;
            SigV4AKeys.Entry? ecdsa = null;
            string region;
            string accessKeyId;
            if (pending.Algorithm == SigV4Algorithm.HmacSha256)
            {
                hmacKey = GetSigningKey(in pending, secret);
                region = hmacKey.Region;
                accessKeyId = hmacKey.AccessKeyId;
            }
            else
            {
                ecdsa = GetEcdsaKey(in pending, secret);
                region = pending.RegionSet!;
                accessKeyId = ecdsa.AccessKeyId;
            }

            // A presigned URL may carry a session token appended after signing (aws-c-auth omit_session_token);
            // the token is bound to the key by the resolver, so the signature may cover it or not.
            int attempts = pending.AuthType == SigV4AuthType.Query && pending.SessionToken is not null ? 2 : 1;
            bool verified = false;
            for (int attempt = 0; attempt < attempts && !verified; attempt++)
            {
                buffer.Truncate(0);
                if (pending.AuthType == SigV4AuthType.Header && CanonicalRequestFastPath.TryWrite(
                    buffer.FreeSpan,
                    request.Method,
                    request.RawPath,
                    request.RawQuery,
                    headers,
                    signedHeaders,
                    pending.PayloadHash,
                    pending.Service.NormalizePath,
                    out int written))
                {
                    buffer.Advance(written);
                }
                else if (!Canonicalizer.TryWriteCanonicalRequest(
                    ref buffer,
                    request.Method,
                    request.RawPath,
                    request.RawQuery ?? string.Empty,
                    headers,
                    signedHeaders,
                    pending.PayloadHash,
                    pending.Service.NormalizePath,
                    pending.AuthType == SigV4AuthType.Query,
                    out Range missing,
                    dropSessionTokenParameter: attempt == 1))
                {
                    return Fail(pending.Service.Family, SigV4ErrorCode.SignatureDoesNotMatch, $"The signed header '{SigV4Crypto.Truncate(signedHeaders[missing])}' is not present in the request.");
                }

                verified = hmacKey is not null
                    ? VerifyHmac(ref buffer, hmacKey, pending.Time, scope, signature)
                    : VerifyEcdsa(ref buffer, ecdsa!, pending.Time, scope, signature);
            }

            if (!verified)
            {
                return SignatureMismatch(pending.Service.Family);
            }

            SigV4Error? bodyError = WrapBody(ref pending, body, hmacKey?.Key, ecdsa, scope, signature, out Stream verifiedBody);
            if (bodyError is not null)
            {
                return SigV4VerificationResult.Fail(bodyError);
            }

            var fields = new SigV4VerificationResult.SuccessFields
            {
                AccessKeyId = accessKeyId,
                Identity = credential.Identity!,
                Region = region,
                Service = pending.Service.Name,
                Family = pending.Service.Family,
                AuthType = pending.AuthType,
                Algorithm = pending.Algorithm,
                PayloadMode = pending.PayloadMode,
                Body = verifiedBody,
                SessionToken = pending.SessionToken,
                RequestTime = pending.Time,
            };
            return new SigV4VerificationResult(in fields, source, pending.SignedStart, pending.SignedLength);
        }
        finally
        {
            buffer.Dispose();
        }
    }

    private static bool VerifyHmac(ref ByteBuffer buffer, SigningKeyCache.Entry signingKey, DateTimeOffset time, ReadOnlySpan<char> scope, ReadOnlySpan<char> signature)
    {
        Span<byte> canonicalHash = stackalloc byte[SigV4Crypto.HashSize];
        SigV4Crypto.Sha256(buffer.WrittenSpan, canonicalHash);
        buffer.Truncate(0);
        SigV4Crypto.WriteStringToSign(ref buffer, "AWS4-HMAC-SHA256"u8, time, scope, canonicalHash);
        Span<byte> expected = stackalloc byte[SigV4Crypto.HashSize];
        signingKey.Mac(buffer.WrittenSpan, expected);
        // Prepare checked the signature: 64 lower-case hex digits.
        Span<byte> given = stackalloc byte[SigV4Crypto.HashSize];
        if (signature.Length != SigV4Crypto.HexHashSize)
        {
            return false;
        }

        Hex.DecodeCheckedLower(signature, given);
        return SigV4Crypto.FixedTimeEquals(expected, given);
    }

    private static bool VerifyEcdsa(ref ByteBuffer buffer, SigV4AKeys.Entry key, DateTimeOffset time, ReadOnlySpan<char> scope, ReadOnlySpan<char> signature)
    {
        Span<byte> canonicalHash = stackalloc byte[SigV4Crypto.HashSize];
        SigV4Crypto.Sha256(buffer.WrittenSpan, canonicalHash);
        buffer.Truncate(0);
        SigV4Crypto.WriteStringToSign(ref buffer, "AWS4-ECDSA-P256-SHA256"u8, time, scope, canonicalHash);
        Span<byte> der = stackalloc byte[72];
        return Hex.TryDecodeLower(signature, der, out int derLength)
            && key.PublicKey.VerifyData(buffer.WrittenSpan, der[..derLength], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    private string FindAccessKeyId(ref Pending pending)
    {
        ReadOnlySpan<char> credential = pending.Source.AsSpan(pending.CredentialStart, pending.CredentialLength);
        ReadOnlySpan<char> accessKeyId = credential[..pending.AccessKeyIdLength];
        if (pending.Algorithm == SigV4Algorithm.HmacSha256)
        {
            SigningKeyCache.Entry? entry = _keys.Find(credential[..^(ScopeTerminator.Length + 1)]);
            if (entry is not null)
            {
                pending.CachedKey = entry;
                return entry.AccessKeyId;
            }
        }
        else
        {
            SigV4AKeys.Entry? entry = _ecdsaKeys.Find(accessKeyId);
            if (entry is not null)
            {
                return entry.AccessKeyId;
            }
        }

        return accessKeyId.ToString();
    }

    private SigningKeyCache.Entry GetSigningKey(in Pending pending, string secret)
    {
        ReadOnlySpan<char> credential = pending.Source.AsSpan(pending.CredentialStart, pending.CredentialLength);
        ReadOnlySpan<char> scopeKey = credential[..^(ScopeTerminator.Length + 1)];
        SigningKeyCache.Entry? entry = pending.CachedKey ?? _keys.Find(scopeKey);
        if (entry is not null && string.Equals(entry.Secret, secret, StringComparison.Ordinal))
        {
            return entry;
        }

        string accessKeyId = credential[..pending.AccessKeyIdLength].ToString();
        string date = credential.Slice(pending.AccessKeyIdLength + 1, 8).ToString();
        string region = pending.Source.Substring(pending.RegionStart, pending.RegionLength);
        return _keys.Add(scopeKey.ToString(), accessKeyId, date, region, pending.Service.Name, secret);
    }

    private SigV4AKeys.Entry GetEcdsaKey(in Pending pending, string secret)
    {
        ReadOnlySpan<char> accessKeyId = pending.Source.AsSpan(pending.CredentialStart, pending.AccessKeyIdLength);
        SigV4AKeys.Entry? entry = _ecdsaKeys.Find(accessKeyId);
        if (entry is not null && string.Equals(entry.Secret, secret, StringComparison.Ordinal))
        {
            return entry;
        }

        return _ecdsaKeys.Add(accessKeyId.ToString(), secret);
    }

    private async ValueTask<BufferedBody> BufferBodyAsync(Stream body, CancellationToken cancellationToken)
    {
        int limit = _options.MaxBufferedBodyBytes;
        using var copy = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        while (true)
        {
            int read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            if (copy.Length + read > limit)
            {
                return default;
            }

            copy.Write(chunk, 0, read);
        }

        byte[] bytes = copy.ToArray();
        return new BufferedBody(bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    private static SigV4VerificationResult SignatureMismatch(SigV4ServiceFamily family) =>
        Fail(family, SigV4ErrorCode.SignatureDoesNotMatch, "The request signature we calculated does not match the signature you provided. Check your key and signing method.");

    /// <summary>
    /// How STS and IAM word a refused session token, whatever the resolver wrote (resolvers answer in S3's words,
    /// "The provided token has expired."); null for S3 and for other failures.
    /// </summary>
    private static string? QueryWording(SigV4ServiceFamily family, SigV4ErrorCode code) => family != SigV4ServiceFamily.Query ? null : code switch
    {
        SigV4ErrorCode.ExpiredToken => "The security token included in the request is expired",
        SigV4ErrorCode.InvalidToken => "The security token included in the request is invalid.",
        _ => null,
    };

    private static SigV4VerificationResult Fail(SigV4ServiceFamily family, SigV4ErrorCode code, string message) =>
        SigV4VerificationResult.Fail(new SigV4Error(code, family, message));

    private readonly record struct BufferedBody(byte[]? Bytes, string HexHash);

    private sealed record ServiceInfo(string Name, SigV4ServiceFamily Family, bool NormalizePath);

    /// <summary>Everything parsed and checked before the credential lookup; spans are kept as ranges into <see cref="Source"/>.</summary>
    private struct Pending
    {
        public SigV4AuthType AuthType;
        public SigV4Algorithm Algorithm;
        public string Source;
        public int CredentialStart;
        public int CredentialLength;
        public int AccessKeyIdLength;
        public int RegionStart;
        public int RegionLength;
        public int SignedStart;
        public int SignedLength;
        public int SignatureStart;
        public int SignatureLength;
        public ServiceInfo Service;
        public string? RegionSet;
        public DateTimeOffset Time;
        public string? SessionToken;
        public string PayloadHash;
        public SigV4PayloadMode PayloadMode;
        public bool HashBodyHere;
        public long DecodedLength;
        public string? TrailerName;
        public SigningKeyCache.Entry? CachedKey;
    }
}
