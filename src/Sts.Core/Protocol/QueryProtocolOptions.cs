namespace Sts.Core.Protocol;

/// <summary>Limits of the Query protocol parser, checked before any parsing.</summary>
public sealed class QueryProtocolOptions
{
    /// <summary>
    /// The largest request (form body plus query string) accepted, in bytes. Default 512 KiB: IAM's
    /// models allow policy documents of 131,072 characters, which percent-encoding can triple.
    /// </summary>
    public int MaxRequestBytes { get; init; } = 512 * 1024;

    /// <summary>The most parameters one request may carry. Default 2,000.</summary>
    public int MaxParameters { get; init; } = 2000;

    /// <summary>The defaults.</summary>
    public static QueryProtocolOptions Default { get; } = new();
}
