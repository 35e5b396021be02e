namespace Sts.SigV4;

/// <summary>What a <see cref="SigV4Verifier"/> accepts. Immutable once constructed; validated by the verifier's constructor.</summary>
public sealed class SigV4VerifierOptions
{
    /// <summary>
    /// Services a credential scope may name, with the family whose error codes and payload rules apply.
    /// Default: <c>s3</c> → S3, <c>sts</c> and <c>iam</c> → Query.
    /// </summary>
    public IReadOnlyDictionary<string, SigV4ServiceFamily> Services { get; init; } = new Dictionary<string, SigV4ServiceFamily>(StringComparer.Ordinal)
    {
        ["s3"] = SigV4ServiceFamily.S3,
        ["sts"] = SigV4ServiceFamily.Query,
        ["iam"] = SigV4ServiceFamily.Query,
    };

    /// <summary>The family whose error codes are used before the scope names a service (no or unparseable credentials). Default S3.</summary>
    public SigV4ServiceFamily DefaultFamily { get; init; } = SigV4ServiceFamily.S3;

    /// <summary>
    /// Services whose canonical URI is the wire path decoded once and encoded once, with dot segments and
    /// repeated slashes kept (S3 rules). Every other service normalises the path and encodes it twice.
    /// Default: <c>s3</c>.
    /// </summary>
    public IReadOnlySet<string> UnnormalizedPathServices { get; init; } = new HashSet<string>(StringComparer.Ordinal) { "s3" };

    /// <summary>When true (the default) a scope may name any region, including the empty one; otherwise only <see cref="AllowedRegions"/>.</summary>
    public bool AllowAnyRegion { get; init; } = true;

    /// <summary>Regions a scope may name when <see cref="AllowAnyRegion"/> is false; include <c>""</c> to admit an empty region.</summary>
    public IReadOnlySet<string> AllowedRegions { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// The region this server answers for, matched against a SigV4A <c>X-Amz-Region-Set</c>
    /// (in addition to <see cref="AllowedRegions"/>). Default <c>us-east-1</c>.
    /// </summary>
    public string ServerRegion { get; init; } = "us-east-1";

    /// <summary>How far the request time may be from the server time, either way. Default 15 minutes.</summary>
    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Upper bound on the sum of header name and value lengths, checked before parsing. Default 64 KiB.</summary>
    public int MaxHeaderBytes { get; init; } = 64 * 1024;

    /// <summary>Upper bound on the length of the raw path plus the raw query, checked before parsing. Default 16 KiB.</summary>
    public int MaxRequestTargetBytes { get; init; } = 16 * 1024;

    /// <summary>
    /// Header names (lower case) the host acts on, which must be signed when present, beyond <c>host</c> and
    /// every <c>x-amz-*</c> header. Default: <c>content-md5</c>.
    /// </summary>
    public IReadOnlySet<string> RequiredSignedHeaders { get; init; } = new HashSet<string>(StringComparer.Ordinal) { "content-md5" };

    /// <summary>
    /// <c>x-amz-*</c> headers that may be present unsigned because the verifier itself enforces or binds
    /// them. Default: <c>x-amz-content-sha256</c> (it enters the canonical request anyway),
    /// <c>x-amz-decoded-content-length</c> and <c>x-amz-trailer</c> (enforced by the chunk chain), and
    /// <c>x-amz-security-token</c> (bound to the access key by the resolver).
    /// </summary>
    public IReadOnlySet<string> UnsignedHeaderExemptions { get; init; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "x-amz-content-sha256",
        "x-amz-decoded-content-length",
        "x-amz-trailer",
        "x-amz-security-token",
    };

    /// <summary>Largest chunk of an <c>aws-chunked</c> body; a chunk is buffered whole before its signature is checked. Default 16 MiB.</summary>
    public int MaxChunkSize { get; init; } = 16 * 1024 * 1024;

    /// <summary>Smallest non-final chunk accepted (S3 requires 8 KiB). Default 0: any size.</summary>
    public int MinChunkSize { get; init; }

    /// <summary>Largest body the verifier reads into memory to hash it itself (query services without <c>x-amz-content-sha256</c>). Default 10 MiB.</summary>
    public int MaxBufferedBodyBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>How many derived signing keys to cache; the cache is emptied when it grows past this. Default 4096.</summary>
    public int SigningKeyCacheSize { get; init; } = 4096;
}
