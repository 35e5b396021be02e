using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace Sts.Core.Crypto;

/// <summary>
/// AES-256-GCM (NIST SP 800-38D) with a 96-bit nonce and a 128-bit tag, for short messages such as session tokens.
/// On x86 with AES-NI and PCLMULQDQ it runs on the CPU's AES and carry-less multiply instructions; elsewhere it is the
/// BCL's <see cref="AesGcm"/>. Output is identical either way (the tests compare both on random inputs and check the
/// NIST/McGrew-Viega test vectors).
/// </summary>
/// <remarks>
/// Why not always <see cref="AesGcm"/>: on Linux it calls OpenSSL, and with OpenSSL 3.0 every call re-initializes the
/// cipher context (nonce, direction), which costs about 1.5-2 µs, ten times the encryption of a 150-byte token with
/// AES-NI. The instructions used here are constant-time (no table lookups, no secret-dependent branches); the tag is
/// compared with <see cref="CryptographicOperations.FixedTimeEquals"/>, and <see cref="TryDecrypt"/> authenticates before
/// it decrypts, so nothing of a forged message's plaintext is ever written. The hardware instance is immutable after
/// construction and safe to share between threads; the fallback <see cref="AesGcm"/> is not, so callers keep one
/// instance per thread (as <c>TokenCipherCache</c> does).
/// </remarks>
internal sealed class Aes256Gcm : IDisposable
{
    internal const int KeyLength = 32;
    internal const int NonceLength = 12;
    internal const int TagLength = 16;

    private const int Rounds = 14;
    private const int BlockLength = 16;

    private readonly AesGcm? _fallback;
    private RoundKeys _roundKeys;

    // The hash key H = AES-K(0^128), byte-reversed so that GHASH works on little-endian 128-bit values.
    private Vector128<ulong> _hashKey;

    /// <summary>Keys an instance.</summary>
    /// <param name="key">32 bytes.</param>
    /// <exception cref="ArgumentException">The key is not 32 bytes long.</exception>
    public Aes256Gcm(ReadOnlySpan<byte> key)
        : this(key, IsHardwareAccelerated)
    {
    }

    /// <summary>Keys an instance, on the CPU instructions only when <paramref name="useHardware"/> (tests compare both paths).</summary>
    internal Aes256Gcm(ReadOnlySpan<byte> key, bool useHardware)
    {
        if (key.Length != KeyLength)
        {
            throw new ArgumentException("An AES-256 key is 32 bytes.", nameof(key));
        }

        if (!useHardware || !IsHardwareAccelerated)
        {
            _fallback = new AesGcm(key, TagLength);
            return;
        }

        ExpandKey(key, ref _roundKeys);
        _hashKey = ByteReverse(EncryptBlock(Vector128<byte>.Zero, ref _roundKeys)).AsUInt64();
    }

    /// <summary>True when this CPU runs the instruction path (x86 with AES-NI, PCLMULQDQ and SSSE3).</summary>
    internal static bool IsHardwareAccelerated => X86Aes.IsSupported && Pclmulqdq.IsSupported && Ssse3.IsSupported;

    /// <summary>True when this instance runs on the CPU instructions rather than the BCL's <see cref="AesGcm"/>.</summary>
    internal bool UsesHardware => _fallback is null;

    /// <summary>Encrypts <paramref name="plaintext"/> into <paramref name="ciphertext"/> (same length) and writes the tag.</summary>
    /// <exception cref="ArgumentException">A length is wrong (a caller bug).</exception>
    public void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData = default)
    {
        CheckLengths(nonce, plaintext.Length, ciphertext.Length, tag.Length);
        if (_fallback is not null)
        {
            _fallback.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
            return;
        }

        var counter0 = InitialCounter(nonce);
        var hash = GhashPadded(Vector128<ulong>.Zero, associatedData);
        Ctr(counter0, plaintext, ciphertext);
        hash = GhashPadded(hash, ciphertext);
        FinishTag(hash, counter0, associatedData.Length, plaintext.Length, tag);
    }

    /// <summary>
    /// Checks the tag and, only when it verifies, decrypts <paramref name="ciphertext"/> into <paramref name="plaintext"/>
    /// (same length). On failure <paramref name="plaintext"/> is cleared.
    /// </summary>
    /// <returns>False when the tag does not verify (the message or its associated data was altered, or another key sealed it).</returns>
    /// <exception cref="ArgumentException">A length is wrong (a caller bug).</exception>
    public bool TryDecrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData = default)
    {
        CheckLengths(nonce, ciphertext.Length, plaintext.Length, tag.Length);
        if (_fallback is not null)
        {
            try
            {
                _fallback.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);
                return true;
            }
            catch (AuthenticationTagMismatchException)
            {
                plaintext.Clear();
                return false;
            }
        }

        var counter0 = InitialCounter(nonce);
        var hash = GhashPadded(Vector128<ulong>.Zero, associatedData);
        hash = GhashPadded(hash, ciphertext);
        Span<byte> expected = stackalloc byte[TagLength];
        FinishTag(hash, counter0, associatedData.Length, ciphertext.Length, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, tag))
        {
            plaintext.Clear();
            return false;
        }

        Ctr(counter0, ciphertext, plaintext);
        return true;
    }

    /// <summary>Forgets the key schedule.</summary>
    public void Dispose()
    {
        _fallback?.Dispose();
        ((Span<Vector128<byte>>)_roundKeys).Clear();
        _hashKey = default;
    }

    private static void CheckLengths(ReadOnlySpan<byte> nonce, int inputLength, int outputLength, int tagLength)
    {
        if (nonce.Length != NonceLength || tagLength != TagLength || inputLength != outputLength)
        {
            throw new ArgumentException("AES-256-GCM needs a 12-byte nonce, a 16-byte tag and an output as long as the input.");
        }
    }

    /// <summary>J0 = nonce ‖ 0x00000001, as one block.</summary>
    private static Vector128<byte> InitialCounter(ReadOnlySpan<byte> nonce)
    {
        Span<byte> block = stackalloc byte[BlockLength];
        nonce.CopyTo(block);
        BinaryPrimitives.WriteUInt32BigEndian(block[NonceLength..], 1);
        return Vector128.Create<byte>(block);
    }

    /// <summary>The counter block J0 with its last 32 bits (big-endian) set to <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> CounterBlock(Vector128<byte> counter0, uint value) =>
        counter0.AsUInt32().WithElement(3, BinaryPrimitives.ReverseEndianness(value)).AsByte();

    /// <summary>CTR mode from inc32(J0): <paramref name="output"/> = <paramref name="input"/> XOR the key stream.</summary>
    private void Ctr(Vector128<byte> counter0, ReadOnlySpan<byte> input, Span<byte> output)
    {
        ref var keys = ref _roundKeys;
        var counter = 2u;
        var offset = 0;
        while (input.Length - offset >= 4 * BlockLength)
        {
            var b0 = Sse2.Xor(CounterBlock(counter0, counter), keys[0]);
            var b1 = Sse2.Xor(CounterBlock(counter0, counter + 1), keys[0]);
            var b2 = Sse2.Xor(CounterBlock(counter0, counter + 2), keys[0]);
            var b3 = Sse2.Xor(CounterBlock(counter0, counter + 3), keys[0]);
            for (var round = 1; round < Rounds; round++)
            {
                var key = keys[round];
                b0 = X86Aes.Encrypt(b0, key);
                b1 = X86Aes.Encrypt(b1, key);
                b2 = X86Aes.Encrypt(b2, key);
                b3 = X86Aes.Encrypt(b3, key);
            }

            var last = keys[Rounds];
            XorInto(X86Aes.EncryptLast(b0, last), input.Slice(offset, BlockLength), output.Slice(offset, BlockLength));
            XorInto(X86Aes.EncryptLast(b1, last), input.Slice(offset + BlockLength, BlockLength), output.Slice(offset + BlockLength, BlockLength));
            XorInto(X86Aes.EncryptLast(b2, last), input.Slice(offset + (2 * BlockLength), BlockLength), output.Slice(offset + (2 * BlockLength), BlockLength));
            XorInto(X86Aes.EncryptLast(b3, last), input.Slice(offset + (3 * BlockLength), BlockLength), output.Slice(offset + (3 * BlockLength), BlockLength));
            counter += 4;
            offset += 4 * BlockLength;
        }

        while (input.Length - offset >= BlockLength)
        {
            XorInto(EncryptBlock(CounterBlock(counter0, counter), ref keys), input.Slice(offset, BlockLength), output.Slice(offset, BlockLength));
            counter++;
            offset += BlockLength;
        }

        if (offset < input.Length)
        {
            Span<byte> stream = stackalloc byte[BlockLength];
            EncryptBlock(CounterBlock(counter0, counter), ref keys).CopyTo(stream);
            var tail = input[offset..];
            for (var i = 0; i < tail.Length; i++)
            {
                output[offset + i] = (byte)(tail[i] ^ stream[i]);
            }

            CryptographicOperations.ZeroMemory(stream);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void XorInto(Vector128<byte> stream, ReadOnlySpan<byte> input, Span<byte> output) =>
        Sse2.Xor(stream, Vector128.Create<byte>(input)).CopyTo(output);

    /// <summary>GHASH over <paramref name="data"/>, the last block zero-padded, continuing from <paramref name="hash"/>.</summary>
    private Vector128<ulong> GhashPadded(Vector128<ulong> hash, ReadOnlySpan<byte> data)
    {
        var h = _hashKey;
        var offset = 0;
        for (; data.Length - offset >= BlockLength; offset += BlockLength)
        {
            hash = GfMultiply(Sse2.Xor(hash, ByteReverse(Vector128.Create<byte>(data.Slice(offset, BlockLength))).AsUInt64()), h);
        }

        if (offset < data.Length)
        {
            Span<byte> padded = stackalloc byte[BlockLength];
            padded.Clear();
            data[offset..].CopyTo(padded);
            hash = GfMultiply(Sse2.Xor(hash, ByteReverse(Vector128.Create<byte>(padded)).AsUInt64()), h);
        }

        return hash;
    }

    /// <summary>T = GHASH(... ‖ len(A)64 ‖ len(C)64) XOR AES-K(J0).</summary>
    private void FinishTag(Vector128<ulong> hash, Vector128<byte> counter0, int associatedLength, int textLength, Span<byte> tag)
    {
        var lengths = Vector128.Create((ulong)textLength * 8, (ulong)associatedLength * 8);
        hash = GfMultiply(Sse2.Xor(hash, lengths), _hashKey);
        Sse2.Xor(ByteReverse(hash.AsByte()), EncryptBlock(counter0, ref _roundKeys)).CopyTo(tag);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> ByteReverse(Vector128<byte> value) =>
        Ssse3.Shuffle(value, Vector128.Create((byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> EncryptBlock(Vector128<byte> block, ref RoundKeys keys)
    {
        block = Sse2.Xor(block, keys[0]);
        for (var round = 1; round < Rounds; round++)
        {
            block = X86Aes.Encrypt(block, keys[round]);
        }

        return X86Aes.EncryptLast(block, keys[Rounds]);
    }

    /// <summary>
    /// Multiplication in GF(2^128) of two byte-reversed GHASH values: carry-less multiply (schoolbook, four products),
    /// shift left by one bit (GCM's bit order), and reduction modulo x^128 + x^7 + x^2 + x + 1 (Gueron and Kounavis,
    /// "Intel Carry-Less Multiplication Instruction and its Usage for Computing the GCM Mode", algorithms 1 and 5).
    /// </summary>
    private static Vector128<ulong> GfMultiply(Vector128<ulong> a, Vector128<ulong> b)
    {
        var low = Pclmulqdq.CarrylessMultiply(a, b, 0x00).AsUInt32();
        var middle = Sse2.Xor(Pclmulqdq.CarrylessMultiply(a, b, 0x10), Pclmulqdq.CarrylessMultiply(a, b, 0x01)).AsByte();
        var high = Pclmulqdq.CarrylessMultiply(a, b, 0x11).AsUInt32();
        low = Sse2.Xor(low, Sse2.ShiftLeftLogical128BitLane(middle, 8).AsUInt32());
        high = Sse2.Xor(high, Sse2.ShiftRightLogical128BitLane(middle, 8).AsUInt32());

        // The 256-bit product high:low shifted left by one bit.
        var lowCarry = Sse2.ShiftRightLogical(low, 31);
        var highCarry = Sse2.ShiftRightLogical(high, 31);
        low = Sse2.ShiftLeftLogical(low, 1);
        high = Sse2.ShiftLeftLogical(high, 1);
        var crossCarry = Sse2.ShiftRightLogical128BitLane(lowCarry.AsByte(), 12).AsUInt32();
        highCarry = Sse2.ShiftLeftLogical128BitLane(highCarry.AsByte(), 4).AsUInt32();
        lowCarry = Sse2.ShiftLeftLogical128BitLane(lowCarry.AsByte(), 4).AsUInt32();
        low = Sse2.Or(low, lowCarry);
        high = Sse2.Or(Sse2.Or(high, highCarry), crossCarry);

        // Reduction.
        var first = Sse2.Xor(Sse2.Xor(Sse2.ShiftLeftLogical(low, 31), Sse2.ShiftLeftLogical(low, 30)), Sse2.ShiftLeftLogical(low, 25));
        var spill = Sse2.ShiftRightLogical128BitLane(first.AsByte(), 4).AsUInt32();
        first = Sse2.ShiftLeftLogical128BitLane(first.AsByte(), 12).AsUInt32();
        low = Sse2.Xor(low, first);
        var second = Sse2.Xor(Sse2.Xor(Sse2.ShiftRightLogical(low, 1), Sse2.ShiftRightLogical(low, 2)), Sse2.ShiftRightLogical(low, 7));
        second = Sse2.Xor(second, spill);
        low = Sse2.Xor(low, second);
        return Sse2.Xor(high, low).AsUInt64();
    }

    /// <summary>The AES-256 key schedule (FIPS 197 §5.2) with AESKEYGENASSIST, as in Intel's AES-NI white paper.</summary>
    private static void ExpandKey(ReadOnlySpan<byte> key, ref RoundKeys keys)
    {
        var even = Vector128.Create<byte>(key[..16]);
        var odd = Vector128.Create<byte>(key[16..]);
        keys[0] = even;
        keys[1] = odd;
        even = NextEven(even, X86Aes.KeygenAssist(odd, 0x01));
        keys[2] = even;
        odd = NextOdd(odd, even);
        keys[3] = odd;
        even = NextEven(even, X86Aes.KeygenAssist(odd, 0x02));
        keys[4] = even;
        odd = NextOdd(odd, even);
        keys[5] = odd;
        even = NextEven(even, X86Aes.KeygenAssist(odd, 0x04));
        keys[6] = even;
        odd = NextOdd(odd, even);
        keys[7] = odd;
        even = NextEven(even, X86Aes.KeygenAssist(odd, 0x08));
        keys[8] = even;
        odd = NextOdd(odd, even);
        keys[9] = odd;
        even = NextEven(even, X86Aes.KeygenAssist(odd, 0x10));
        keys[10] = even;
        odd = NextOdd(odd, even);
        keys[11] = odd;
        even = NextEven(even, X86Aes.KeygenAssist(odd, 0x20));
        keys[12] = even;
        odd = NextOdd(odd, even);
        keys[13] = odd;
        keys[14] = NextEven(even, X86Aes.KeygenAssist(odd, 0x40));
    }

    /// <summary>w[i..i+3] for i ≡ 0 mod 8: RotWord/SubWord/Rcon of the previous word (the assist's top lane), chained.</summary>
    private static Vector128<byte> NextEven(Vector128<byte> previous, Vector128<byte> assist) =>
        Sse2.Xor(Chain(previous), Sse2.Shuffle(assist.AsInt32(), 0xFF).AsByte());

    /// <summary>w[i..i+3] for i ≡ 4 mod 8: SubWord of the previous word (no rotation, no Rcon), chained.</summary>
    private static Vector128<byte> NextOdd(Vector128<byte> previous, Vector128<byte> even) =>
        Sse2.Xor(Chain(previous), Sse2.Shuffle(X86Aes.KeygenAssist(even, 0x00).AsInt32(), 0xAA).AsByte());

    /// <summary>x ^ (x &lt;&lt; 32) ^ (x &lt;&lt; 64) ^ (x &lt;&lt; 96): each word XORed with all words before it.</summary>
    private static Vector128<byte> Chain(Vector128<byte> value)
    {
        var shifted = Sse2.ShiftLeftLogical128BitLane(value, 4);
        value = Sse2.Xor(value, shifted);
        shifted = Sse2.ShiftLeftLogical128BitLane(shifted, 4);
        value = Sse2.Xor(value, shifted);
        shifted = Sse2.ShiftLeftLogical128BitLane(shifted, 4);
        return Sse2.Xor(value, shifted);
    }

    [InlineArray(Rounds + 1)]
    private struct RoundKeys
    {
        private Vector128<byte> _element;
    }
}
