using System.Text;

namespace Sts.Core.Tokens;

/// <summary>
/// Reads what <see cref="TokenWriter"/> wrote. Every read checks bounds and reports failure instead of
/// throwing; a reader that has failed once keeps failing.
/// </summary>
internal ref struct TokenReader
{
    private ReadOnlySpan<byte> _remaining;

    public TokenReader(ReadOnlySpan<byte> source)
    {
        _remaining = source;
    }

    public readonly bool IsAtEnd => _remaining.IsEmpty;

    public bool TryReadByte(out byte value)
    {
        if (_remaining.IsEmpty)
        {
            value = 0;
            return false;
        }

        value = _remaining[0];
        _remaining = _remaining[1..];
        return true;
    }

    public bool TryReadVarint(out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_remaining.IsEmpty)
            {
                return false;
            }

            var b = _remaining[0];
            _remaining = _remaining[1..];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                // Reject the 10th byte carrying more than the one bit that fits.
                return shift < 63 || b <= 1;
            }
        }

        return false;
    }

    public bool TryReadInt(int max, out int value)
    {
        if (TryReadVarint(out var raw) && raw <= (ulong)max)
        {
            value = (int)raw;
            return true;
        }

        value = 0;
        return false;
    }

    public bool TryReadBytes(int count, out ReadOnlySpan<byte> bytes)
    {
        if (count < 0 || count > _remaining.Length)
        {
            bytes = default;
            return false;
        }

        bytes = _remaining[..count];
        _remaining = _remaining[count..];
        return true;
    }

    public bool TryReadString(out string value)
    {
        if (TryReadInt(_remaining.Length, out var length) && TryReadBytes(length, out var bytes))
        {
            value = length == 0 ? string.Empty : Encoding.UTF8.GetString(bytes);
            return true;
        }

        value = string.Empty;
        return false;
    }

    public bool TryReadOptionalString(bool present, out string? value)
    {
        if (!present)
        {
            value = null;
            return true;
        }

        var ok = TryReadString(out var text);
        value = text;
        return ok;
    }
}
