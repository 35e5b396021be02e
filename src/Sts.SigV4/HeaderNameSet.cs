namespace Sts.SigV4;

/// <summary>
/// A small fixed set of header names matched ignoring case (ordinal). Names of different lengths never match ignoring
/// case, so a mask of the lengths in the set rules most header names out without a comparison.
/// </summary>
internal sealed class HeaderNameSet
{
    private readonly string[] _names;
    private readonly ulong _lengths;

    public HeaderNameSet(IEnumerable<string> names)
    {
        _names = [.. names];
        foreach (string name in _names)
        {
            _lengths |= LengthBit(name.Length);
        }
    }

    /// <summary>True when the set holds <paramref name="name"/>, ignoring case.</summary>
    public bool Contains(string name)
    {
        if ((_lengths & LengthBit(name.Length)) == 0)
        {
            return false;
        }

        foreach (string candidate in _names)
        {
            if (name.Equals(candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One bit per length; lengths of 63 and more share the last bit (which then only means "maybe").</summary>
    private static ulong LengthBit(int length) => 1UL << Math.Min(length, 63);
}
