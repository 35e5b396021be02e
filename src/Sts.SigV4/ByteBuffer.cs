using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace Sts.SigV4;

/// <summary>A growable byte buffer rented from the shared pool; dispose to return it.</summary>
internal ref struct ByteBuffer
{
    private byte[] _array;
    private int _length;

    public ByteBuffer(int initialCapacity)
    {
        _array = ArrayPool<byte>.Shared.Rent(initialCapacity);
        _length = 0;
    }

    public readonly int Length => _length;

    public readonly ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, _length);

    public readonly byte[] Array => _array;

    /// <summary>The unused rest of the current array, to write into directly before <see cref="Advance"/>.</summary>
    public readonly Span<byte> FreeSpan => _array.AsSpan(_length);

    public void Advance(int count) => _length += count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(byte value)
    {
        if (_length == _array.Length)
        {
            Grow(1);
        }

        _array[_length++] = value;
    }

    public void Add(scoped ReadOnlySpan<byte> bytes)
    {
        if (_length + bytes.Length > _array.Length)
        {
            Grow(bytes.Length);
        }

        bytes.CopyTo(_array.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>Appends text as UTF-8 (vectorized ASCII fast path).</summary>
    public void AddText(scoped ReadOnlySpan<char> text)
    {
        if (_length + text.Length > _array.Length)
        {
            Grow(text.Length);
        }

        if (Ascii.FromUtf16(text, _array.AsSpan(_length), out int written) == System.Buffers.OperationStatus.Done)
        {
            _length += written;
            return;
        }

        _length += written;
        ReadOnlySpan<char> rest = text[written..];
        int needed = Encoding.UTF8.GetByteCount(rest);
        if (_length + needed > _array.Length)
        {
            Grow(needed);
        }

        _length += Encoding.UTF8.GetBytes(rest, _array.AsSpan(_length));
    }

    public Span<byte> Reserve(int count)
    {
        if (_length + count > _array.Length)
        {
            Grow(count);
        }

        Span<byte> span = _array.AsSpan(_length, count);
        _length += count;
        return span;
    }

    public void Truncate(int length) => _length = length;

    public void Dispose()
    {
        byte[] array = _array;
        _array = [];
        if (array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }

    private void Grow(int extra)
    {
        int size = Math.Max(_array.Length * 2, _length + extra);
        byte[] bigger = ArrayPool<byte>.Shared.Rent(size);
        _array.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_array);
        _array = bigger;
    }
}
