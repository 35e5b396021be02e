using System.Diagnostics.CodeAnalysis;

namespace Sts.SigV4;

/// <summary>The outcome of <see cref="SigV4Verifier.VerifyAsync"/>: who signed the request, or why it was rejected.</summary>
public sealed class SigV4VerificationResult
{
    private readonly string? _signedHeadersSource;
    private readonly int _signedHeadersStart;
    private readonly int _signedHeadersLength;
    private IReadOnlyList<string>? _signedHeaders;

    private SigV4VerificationResult(SigV4Error error)
    {
        Error = error;
    }

    internal SigV4VerificationResult(
        in SuccessFields fields,
        string signedHeadersSource,
        int signedHeadersStart,
        int signedHeadersLength)
    {
        AccessKeyId = fields.AccessKeyId;
        Identity = fields.Identity;
        Region = fields.Region;
        Service = fields.Service;
        Family = fields.Family;
        AuthType = fields.AuthType;
        Algorithm = fields.Algorithm;
        PayloadMode = fields.PayloadMode;
        Body = fields.Body;
        SessionToken = fields.SessionToken;
        RequestTime = fields.RequestTime;
        PolicyDocument = fields.PolicyDocument;
        _signedHeadersSource = signedHeadersSource;
        _signedHeadersStart = signedHeadersStart;
        _signedHeadersLength = signedHeadersLength;
    }

    /// <summary>True when the signature verified; the success properties are then set and <see cref="Error"/> is null.</summary>
    [MemberNotNullWhen(true, nameof(AccessKeyId), nameof(Identity), nameof(Region), nameof(Service), nameof(Body))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    /// <summary>The failure, or <see langword="null"/> on success.</summary>
    public SigV4Error? Error { get; }

    /// <summary>The access key id that signed.</summary>
    public string? AccessKeyId { get; }

    /// <summary>The identity the credential resolver returned for the key.</summary>
    public object? Identity { get; }

    /// <summary>The scope's region (SigV4), or the <c>X-Amz-Region-Set</c> value (SigV4A); may be empty.</summary>
    public string? Region { get; }

    /// <summary>The scope's service, for example <c>s3</c>.</summary>
    public string? Service { get; }

    /// <summary>The family of <see cref="Service"/>.</summary>
    public SigV4ServiceFamily Family { get; }

    /// <summary>Where the signature was carried.</summary>
    public SigV4AuthType AuthType { get; }

    /// <summary>The signing algorithm.</summary>
    public SigV4Algorithm Algorithm { get; }

    /// <summary>How the body is protected.</summary>
    public SigV4PayloadMode PayloadMode { get; }

    /// <summary>
    /// The body to read: for signed payloads and every streaming mode a stream that verifies as it is read
    /// and throws <see cref="SigV4Exception"/> on the first bad byte, chunk, trailer or hash; the decoded
    /// data for <c>aws-chunked</c> bodies. <see cref="Stream.Null"/> when the request has no body.
    /// </summary>
    public Stream? Body { get; }

    /// <summary>The session token sent with the request, or <see langword="null"/>.</summary>
    public string? SessionToken { get; }

    /// <summary>The signing time (<c>X-Amz-Date</c> or <c>Date</c>).</summary>
    public DateTimeOffset RequestTime { get; }

    /// <summary>For POST-policy uploads, the decoded policy JSON for the host to enforce its conditions; otherwise <see langword="null"/>.</summary>
    public string? PolicyDocument { get; }

    /// <summary>The signed header names in order, lower case.</summary>
    public IReadOnlyList<string> SignedHeaders => _signedHeaders ??= SplitSignedHeaders();

    /// <summary>
    /// Buffers the whole (verified) body for small payloads such as STS/IAM form posts: reads <see cref="Body"/> to its
    /// end, which runs every payload check, and returns the bytes.
    /// </summary>
    /// <param name="maxBytes">The most bytes to accept.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The body bytes.</returns>
    /// <exception cref="InvalidOperationException">The verification failed, so there is no body.</exception>
    /// <exception cref="SigV4Exception">
    /// The body breaks its hash, chunk signatures or checksum, or is longer than <paramref name="maxBytes"/>
    /// (<see cref="SigV4ErrorCode.RequestEntityTooLarge"/>).
    /// </exception>
    public async ValueTask<byte[]> ReadBodyAsync(int maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        if (Body is null)
        {
            throw new InvalidOperationException("The request did not verify; it has no body to read.");
        }

        using var copy = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        int read;
        while ((read = await Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (copy.Length + read > maxBytes)
            {
                throw new SigV4Exception(new SigV4Error(SigV4ErrorCode.RequestEntityTooLarge, Family, $"The body is larger than {maxBytes} bytes."));
            }

            copy.Write(chunk, 0, read);
        }

        return copy.ToArray();
    }

    internal static SigV4VerificationResult Fail(SigV4Error error) => new(error);

    private string[] SplitSignedHeaders()
    {
        if (_signedHeadersSource is null || _signedHeadersLength == 0)
        {
            return [];
        }

        return _signedHeadersSource.Substring(_signedHeadersStart, _signedHeadersLength).Split(';');
    }

    internal readonly struct SuccessFields
    {
        public required string AccessKeyId { get; init; }

        public required object Identity { get; init; }

        public required string Region { get; init; }

        public required string Service { get; init; }

        public required SigV4ServiceFamily Family { get; init; }

        public required SigV4AuthType AuthType { get; init; }

        public required SigV4Algorithm Algorithm { get; init; }

        public required SigV4PayloadMode PayloadMode { get; init; }

        public required Stream Body { get; init; }

        public string? SessionToken { get; init; }

        public required DateTimeOffset RequestTime { get; init; }

        public string? PolicyDocument { get; init; }
    }
}
