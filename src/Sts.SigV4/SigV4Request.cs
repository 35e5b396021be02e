namespace Sts.SigV4;

/// <summary>
/// A host-agnostic view of an HTTP request as it arrived on the wire. Give the raw request target,
/// not a decoded or normalised path, and every header line in arrival order without merging duplicates;
/// HTTP/2 hosts pass <c>:authority</c> as <c>host</c>.
/// </summary>
public sealed class SigV4Request
{
    /// <summary>The HTTP method, for example <c>GET</c>.</summary>
    public required string Method { get; init; }

    /// <summary>The path part of the request target exactly as sent (still percent-encoded), for example <c>/bucket/a%20b</c>.</summary>
    public required string RawPath { get; init; }

    /// <summary>The query part of the request target as sent, without the leading <c>?</c>; empty when there is none.</summary>
    public string RawQuery { get; init; } = string.Empty;

    /// <summary>Every header field as (name, value) in arrival order; repeated names stay separate entries.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }

    /// <summary>The request body, or <see langword="null"/> when there is none.</summary>
    public Stream? Body { get; init; }
}
