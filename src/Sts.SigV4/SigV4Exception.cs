namespace Sts.SigV4;

/// <summary>
/// Thrown while reading a verified request body when the body breaks its signature: a chunk signature,
/// the trailer signature, the payload hash, the trailing checksum or the framing. Nothing read before
/// the throw was released unverified for signed chunks.
/// </summary>
public sealed class SigV4Exception : IOException
{
    /// <summary>Creates the exception for <paramref name="error"/>.</summary>
    /// <param name="error">The failure to report to the client.</param>
    public SigV4Exception(SigV4Error error)
        : base(error?.ToString())
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    /// <summary>The failure to report to the client.</summary>
    public SigV4Error Error { get; }
}
