using System.Security.Cryptography;

namespace Sts.Core.Iam;

/// <summary>
/// Makes AWS-shaped identifiers from a cryptographic random source: unique ids (<c>AIDA</c>, <c>AROA</c>,
/// <c>ANPA</c> + 17 characters of <c>[A-Z2-7]</c>, 21 in all, as AWS issues them), access key ids
/// (<c>AKIA</c> + 16, 20 in all) and 40-character secrets (base64 alphabet).
/// </summary>
internal sealed class IamIdGenerator(RandomNumberGenerator random)
{
    private const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public string NewUserId() => Make("AIDA", 17, Base32);

    public string NewRoleId() => Make("AROA", 17, Base32);

    public string NewPolicyId() => Make("ANPA", 17, Base32);

    public string NewAccessKeyId() => Make("AKIA", 16, Base32);

    public string NewSecretAccessKey() => Make(string.Empty, 40, SecretAlphabet);

    /// <summary>A 40-byte TOTP seed (64 Base32 characters, the length AWS issues).</summary>
    public byte[] NewMfaSeed()
    {
        var seed = new byte[40];
        random.GetBytes(seed);
        return seed;
    }

    private string Make(string prefix, int length, string alphabet)
    {
        // Alphabets are powers of two (32, 64), so masking a random byte is unbiased.
        Span<byte> bytes = stackalloc byte[length];
        random.GetBytes(bytes);
        Span<char> chars = stackalloc char[prefix.Length + length];
        prefix.CopyTo(chars);
        for (var i = 0; i < length; i++)
        {
            chars[prefix.Length + i] = alphabet[bytes[i] & (alphabet.Length - 1)];
        }

        CryptographicOperations.ZeroMemory(bytes);
        return new string(chars);
    }
}
