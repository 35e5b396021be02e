namespace Sts.SigV4;

/// <summary>A browser POST-policy upload: the bucket from the URL and the form fields (without the file).</summary>
public sealed class SigV4PostPolicyRequest
{
    /// <summary>The bucket the request was sent to, taken from the URL (host or path), never from the form.</summary>
    public required string Bucket { get; init; }

    /// <summary>The form fields in order (name, value); field names are matched case-insensitively.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Fields { get; init; }
}
