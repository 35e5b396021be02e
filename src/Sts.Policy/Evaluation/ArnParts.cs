namespace Sts.Policy.Evaluation;

/// <summary>The six <c>:</c>-separated parts of an ARN as ranges into its text (no allocation). The resource part keeps any further colons.</summary>
internal readonly record struct ArnParts(Range Prefix, Range Partition, Range Service, Range Region, Range Account, Range Resource)
{
    public static bool TrySplit(ReadOnlySpan<char> arn, out ArnParts parts)
    {
        parts = default;
        Span<int> colons = stackalloc int[5];
        var found = 0;
        for (var i = 0; i < arn.Length && found < 5; i++)
        {
            if (arn[i] == ':')
            {
                colons[found++] = i;
            }
        }

        if (found < 5 || !arn.StartsWith("arn:", StringComparison.Ordinal))
        {
            return false;
        }

        parts = new ArnParts(
            0..colons[0],
            (colons[0] + 1)..colons[1],
            (colons[1] + 1)..colons[2],
            (colons[2] + 1)..colons[3],
            (colons[3] + 1)..colons[4],
            (colons[4] + 1)..arn.Length);
        return true;
    }
}
