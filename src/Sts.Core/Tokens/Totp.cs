using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Sts.Core.Tokens;

/// <summary>
/// Time-based one-time passwords as RFC 6238 defines them with the parameters virtual MFA devices use:
/// HMAC-SHA1, 30-second steps counted from the Unix epoch, 6 digits (RFC 4226 dynamic truncation).
/// </summary>
public static class Totp
{
    /// <summary>The length of a time step in seconds.</summary>
    public const int StepSeconds = 30;

    /// <summary>The number of digits in a code.</summary>
    public const int Digits = 6;

    /// <summary>The time step that contains <paramref name="time"/>.</summary>
    /// <param name="time">An instant at or after the Unix epoch.</param>
    /// <returns><c>floor(unix seconds / 30)</c>.</returns>
    public static long StepAt(DateTimeOffset time) => Math.Max(0, time.ToUnixTimeSeconds()) / StepSeconds;

    /// <summary>The code for <paramref name="time"/>.</summary>
    /// <param name="secret">The device's shared secret (raw bytes, not Base32).</param>
    /// <param name="time">The instant.</param>
    /// <param name="digits">The number of digits, 6 to 8 (8 only for the RFC's test vectors).</param>
    /// <returns>The code, zero-padded to <paramref name="digits"/> characters.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="digits"/> is outside 6 to 8.</exception>
    public static string Compute(ReadOnlySpan<byte> secret, DateTimeOffset time, int digits = Digits) =>
        ComputeForStep(secret, StepAt(time), digits);

    /// <summary>The code for time step <paramref name="step"/>.</summary>
    /// <param name="secret">The device's shared secret (raw bytes).</param>
    /// <param name="step">The time step (the HOTP counter).</param>
    /// <param name="digits">The number of digits, 6 to 8.</param>
    /// <returns>The code, zero-padded.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="digits"/> is outside 6 to 8.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "RFC 6238 virtual MFA devices (and AWS's) use HMAC-SHA1; HMAC-SHA1 is not affected by SHA-1 collisions.")]
    public static string ComputeForStep(ReadOnlySpan<byte> secret, long step, int digits = Digits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(digits, 6);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digits, 8);
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> mac = stackalloc byte[HMACSHA1.HashSizeInBytes];
        HMACSHA1.HashData(secret, counter, mac);
        var offset = mac[^1] & 0x0F;
        var binary = (BinaryPrimitives.ReadInt32BigEndian(mac[offset..]) & 0x7FFFFFFF);
        var modulus = digits switch { 6 => 1_000_000, 7 => 10_000_000, _ => 100_000_000 };
        return (binary % modulus).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(digits, '0');
    }
}
