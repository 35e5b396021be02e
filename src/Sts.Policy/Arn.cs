using System.Diagnostics.CodeAnalysis;

namespace Sts.Policy;

/// <summary>
/// An Amazon Resource Name: <c>arn:partition:service:region:account:resource</c>. The resource part may
/// itself contain colons. Region and account may be empty (<c>arn:aws:s3:::bucket</c>, Ceph's
/// <c>arn:aws:iam:::user/TESTER1</c>); Ceph's tenant form puts the tenant in the account field
/// (<c>arn:aws:iam::tenant:user/x</c>). <c>Arn.Parse(arn.ToString()) == arn</c> for every parsed value.
/// </summary>
public readonly record struct Arn
{
    /// <summary>The longest ARN accepted, in characters (the IAM model's limit for ARN parameters).</summary>
    public const int MaxLength = 2048;

    private readonly string? partition;
    private readonly string? service;
    private readonly string? region;
    private readonly string? account;
    private readonly string? resource;

    private Arn(string partition, string service, string region, string account, string resource)
    {
        this.partition = partition;
        this.service = service;
        this.region = region;
        this.account = account;
        this.resource = resource;
    }

    /// <summary>The partition, e.g. <c>aws</c> or <c>aws-cn</c>. Never empty for a parsed ARN.</summary>
    public string Partition => partition ?? string.Empty;

    /// <summary>The service namespace, e.g. <c>iam</c>, <c>s3</c>, <c>sts</c>. Never empty for a parsed ARN.</summary>
    public string Service => service ?? string.Empty;

    /// <summary>The region, or empty for global services.</summary>
    public string Region => region ?? string.Empty;

    /// <summary>The account id (or Ceph tenant), or empty.</summary>
    public string Account => account ?? string.Empty;

    /// <summary>The resource part: everything after the fifth colon, colons included. Never empty for a parsed ARN.</summary>
    public string Resource => resource ?? string.Empty;

    /// <summary>Parses an ARN.</summary>
    /// <param name="text">The ARN text.</param>
    /// <returns>The parsed ARN.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException"><paramref name="text"/> is not an ARN; the message says why.</exception>
    public static Arn Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TryParse(text, out var arn, out var error))
        {
            throw new FormatException(error);
        }

        return arn;
    }

    /// <summary>Tries to parse an ARN.</summary>
    /// <param name="text">The ARN text.</param>
    /// <param name="arn">The parsed ARN on success.</param>
    /// <returns>True when <paramref name="text"/> is an ARN.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out Arn arn) => TryParse(text, out arn, out _);

    /// <summary>Tries to parse an ARN, saying what is wrong when it is not one.</summary>
    /// <param name="text">The ARN text.</param>
    /// <param name="arn">The parsed ARN on success.</param>
    /// <param name="error">On failure, a one-line reason quoting the input (truncated).</param>
    /// <returns>True when <paramref name="text"/> is an ARN.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out Arn arn, [NotNullWhen(false)] out string? error)
    {
        arn = default;
        if (text is null)
        {
            error = "ARN is missing.";
            return false;
        }

        if (text.Length > MaxLength)
        {
            error = $"ARN is longer than {MaxLength} characters.";
            return false;
        }

        if (!text.StartsWith("arn:", StringComparison.Ordinal))
        {
            error = $"ARN {Quote(text)} must start with \"arn:\".";
            return false;
        }

        Span<int> colons = stackalloc int[5];
        var found = 0;
        for (var i = 0; i < text.Length && found < 5; i++)
        {
            if (text[i] == ':')
            {
                colons[found++] = i;
            }
        }

        if (found < 5)
        {
            error = $"ARN {Quote(text)} must have six colon-separated parts: arn:partition:service:region:account:resource.";
            return false;
        }

        var partitionText = text[(colons[0] + 1)..colons[1]];
        var serviceText = text[(colons[1] + 1)..colons[2]];
        var resourceText = text[(colons[4] + 1)..];
        if (partitionText.Length == 0 || serviceText.Length == 0 || resourceText.Length == 0)
        {
            error = $"ARN {Quote(text)} must have a partition, a service and a resource.";
            return false;
        }

        arn = new Arn(partitionText, serviceText, text[(colons[2] + 1)..colons[3]], text[(colons[3] + 1)..colons[4]], resourceText);
        error = null;
        return true;
    }

    /// <summary>The ARN text, <c>arn:partition:service:region:account:resource</c>.</summary>
    /// <returns>The ARN as it is written.</returns>
    public override string ToString() => $"arn:{Partition}:{Service}:{Region}:{Account}:{Resource}";

    private static string Quote(string text) => text.Length <= 64 ? $"\"{text}\"" : $"\"{text[..61]}...\"";
}
