using System.Security.Cryptography;

namespace Sts.Core.Tokens;

/// <summary>
/// Mints temporary access key ids (<c>ASIA</c> + 16 characters of <c>A-Z2-7</c>, 80 random bits) and secret
/// access keys (40 characters of Base64, 240 random bits), and recognizes their shapes.
/// </summary>
public static class TemporaryCredentialFactory
{
    /// <summary>The prefix of every temporary access key id.</summary>
    public const string AccessKeyIdPrefix = "ASIA";

    /// <summary>The length of a temporary access key id.</summary>
    public const int AccessKeyIdLength = 20;

    /// <summary>The length of a secret access key.</summary>
    public const int SecretAccessKeyLength = 40;

    internal const int AccessKeyIdRandomBytes = 10;
    internal const int SecretBytes = 30;

    private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>Mints a new random temporary access key id.</summary>
    /// <returns>An id such as <c>ASIAQ3EXAMPLEKEY7ABC</c>.</returns>
    public static string NewAccessKeyId()
    {
        Span<byte> random = stackalloc byte[AccessKeyIdRandomBytes];
        RandomPool.Fill(random);
        return FormatAccessKeyId(random);
    }

    /// <summary>Mints a new random secret access key.</summary>
    /// <returns>40 characters of standard Base64.</returns>
    public static string NewSecretAccessKey()
    {
        Span<byte> random = stackalloc byte[SecretBytes];
        RandomPool.Fill(random);
        return Convert.ToBase64String(random);
    }

    /// <summary>True when <paramref name="accessKeyId"/> has the shape of a temporary access key id minted here.</summary>
    /// <param name="accessKeyId">The candidate.</param>
    /// <returns>True for <c>ASIA</c> followed by 16 characters of <c>A-Z2-7</c>.</returns>
    public static bool IsTemporaryAccessKeyId(string? accessKeyId)
    {
        if (accessKeyId is null || accessKeyId.Length != AccessKeyIdLength || !accessKeyId.StartsWith(AccessKeyIdPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        for (var i = AccessKeyIdPrefix.Length; i < AccessKeyIdLength; i++)
        {
            if (Base32Alphabet.IndexOf(accessKeyId[i], StringComparison.Ordinal) < 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when <paramref name="secret"/> is 40 characters of standard Base64 (30 bytes).</summary>
    /// <param name="secret">The candidate.</param>
    /// <returns>True when it has the shape of a secret minted here.</returns>
    public static bool IsSecretAccessKey(string? secret)
    {
        if (secret is null || secret.Length != SecretAccessKeyLength)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[SecretBytes];
        return Convert.TryFromBase64String(secret, bytes, out var written) && written == SecretBytes;
    }

    /// <summary>Writes the 10 random bytes behind a valid temporary access key id.</summary>
    internal static void ParseAccessKeyId(string accessKeyId, Span<byte> destination)
    {
        ulong high = 0;
        ulong low = 0;
        for (var i = 0; i < 16; i++)
        {
            ulong value = (ulong)Base32Alphabet.IndexOf(accessKeyId[AccessKeyIdPrefix.Length + i], StringComparison.Ordinal);
            high = (high << 5) | (low >> 59);
            low = (low << 5) | value;
        }

        // 80 bits: the top 16 in 'high', the low 64 in 'low'.
        destination[0] = (byte)(high >> 8);
        destination[1] = (byte)high;
        for (var i = 0; i < 8; i++)
        {
            destination[2 + i] = (byte)(low >> (56 - (8 * i)));
        }
    }

    /// <summary>Formats 10 bytes as a temporary access key id.</summary>
    internal static string FormatAccessKeyId(ReadOnlySpan<byte> random)
    {
        Span<char> chars = stackalloc char[AccessKeyIdLength];
        AccessKeyIdPrefix.AsSpan().CopyTo(chars);
        var buffer = 0;
        var bits = 0;
        var position = AccessKeyIdPrefix.Length;
        foreach (var b in random[..AccessKeyIdRandomBytes])
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                chars[position++] = Base32Alphabet[(buffer >> bits) & 31];
            }
        }

        return new string(chars);
    }

    /// <summary>Writes the 30 bytes behind a valid secret access key.</summary>
    internal static void ParseSecret(string secret, Span<byte> destination) =>
        Convert.TryFromBase64String(secret, destination, out _);

    /// <summary>Formats 30 bytes as a secret access key.</summary>
    internal static string FormatSecret(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes);
}
