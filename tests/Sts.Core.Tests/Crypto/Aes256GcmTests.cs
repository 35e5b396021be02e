using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Sts.Core.Crypto;

namespace Sts.Core.Tests.Crypto;

/// <summary>
/// <see cref="Aes256Gcm"/> against the published GCM test vectors (McGrew and Viega, test cases 13 to 16, checked
/// with pyca/cryptography) and against the BCL's <see cref="AesGcm"/> (OpenSSL) on random inputs, both paths.
/// </summary>
public class Aes256GcmTests
{
    private const string VectorKey = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
    private const string VectorNonce = "cafebabefacedbaddecaf888";
    private const string VectorPlaintext = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
    private const string VectorCiphertext = "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad";

    private static readonly bool[] Paths = [true, false];

    private static IEnumerable<TestCaseData> Vectors()
    {
        foreach (var hardware in Paths)
        {
            var path = hardware ? "Hardware" : "Fallback";
            yield return new TestCaseData(hardware, new string('0', 64), new string('0', 24), string.Empty, string.Empty, string.Empty, "530f8afbc74536b9a963b4f1c4cb738b")
                .SetName($"Encrypt_Case13EmptyMessage_{path}_MatchesVector");
            yield return new TestCaseData(hardware, new string('0', 64), new string('0', 24), new string('0', 32), string.Empty, "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919")
                .SetName($"Encrypt_Case14OneZeroBlock_{path}_MatchesVector");
            yield return new TestCaseData(hardware, VectorKey, VectorNonce, VectorPlaintext, string.Empty, VectorCiphertext, "b094dac5d93471bdec1a502270e3cc6c")
                .SetName($"Encrypt_Case15FourBlocks_{path}_MatchesVector");
            yield return new TestCaseData(hardware, VectorKey, VectorNonce, VectorPlaintext[..120], "feedfacedeadbeeffeedfacedeadbeefabaddad2", VectorCiphertext[..120], "76fc6ece0f4e1768cddf8853bb2d551b")
                .SetName($"Encrypt_Case16PartialBlockWithAssociatedData_{path}_MatchesVector");
        }
    }

    [TestCaseSource(nameof(Vectors))]
    public void Encrypt_PublishedVector_MatchesCiphertextAndTag(bool hardware, string key, string nonce, string plaintext, string associated, string ciphertext, string tag)
    {
        using var aes = new Aes256Gcm(Convert.FromHexString(key), hardware);
        var input = Convert.FromHexString(plaintext);
        var output = new byte[input.Length];
        var computedTag = new byte[16];

        aes.Encrypt(Convert.FromHexString(nonce), input, output, computedTag, Convert.FromHexString(associated));

        Convert.ToHexStringLower(output).Should().Be(ciphertext);
        Convert.ToHexStringLower(computedTag).Should().Be(tag);
        var opened = new byte[output.Length];
        aes.TryDecrypt(Convert.FromHexString(nonce), output, computedTag, opened, Convert.FromHexString(associated)).Should().BeTrue();
        opened.Should().Equal(input);
    }

    [Test]
    public void Constructor_OnX86_UsesTheCpuInstructions()
    {
        using var aes = new Aes256Gcm(new byte[32]);

        // Every x86-64 CPU of the last decade has AES-NI and PCLMULQDQ; elsewhere the BCL path is the only one.
        var x86 = RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86;
        aes.UsesHardware.Should().Be(x86, "the hardware path must be the one exercised by these tests on x86");
    }

    [Test]
    public void EncryptAndTryDecrypt_RandomLengths_AgreeWithBclAesGcm()
    {
        var random = new Random(20261128);
        for (var round = 0; round < 600; round++)
        {
            var key = RandomBytes(random, 32);
            var nonce = RandomBytes(random, 12);
            var plaintext = RandomBytes(random, round < 300 ? round : random.Next(300, 2000));
            var associated = RandomBytes(random, random.Next(0, 70));
            using var ours = new Aes256Gcm(key, useHardware: true);
            using var bcl = new AesGcm(key, 16);

            var ourCiphertext = new byte[plaintext.Length];
            var ourTag = new byte[16];
            ours.Encrypt(nonce, plaintext, ourCiphertext, ourTag, associated);
            var bclCiphertext = new byte[plaintext.Length];
            var bclTag = new byte[16];
            bcl.Encrypt(nonce, plaintext, bclCiphertext, bclTag, associated);

            ourCiphertext.Should().Equal(bclCiphertext, $"plaintext {plaintext.Length} bytes, associated data {associated.Length}");
            ourTag.Should().Equal(bclTag, $"plaintext {plaintext.Length} bytes, associated data {associated.Length}");
            var opened = new byte[plaintext.Length];
            ours.TryDecrypt(nonce, bclCiphertext, bclTag, opened, associated).Should().BeTrue();
            opened.Should().Equal(plaintext);
        }
    }

    [Test]
    public void Encrypt_InPlace_MatchesSeparateBuffers()
    {
        var random = new Random(7);
        var key = RandomBytes(random, 32);
        var nonce = RandomBytes(random, 12);
        var plaintext = RandomBytes(random, 137);
        using var aes = new Aes256Gcm(key, useHardware: true);
        var separate = new byte[plaintext.Length];
        var tag = new byte[16];
        aes.Encrypt(nonce, plaintext, separate, tag);

        var buffer = (byte[])plaintext.Clone();
        var inPlaceTag = new byte[16];
        aes.Encrypt(nonce, buffer, buffer, inPlaceTag);

        buffer.Should().Equal(separate);
        inPlaceTag.Should().Equal(tag);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void TryDecrypt_AnyFlippedBit_ReturnsFalseAndClearsPlaintext(bool hardware)
    {
        var random = new Random(42);
        var key = RandomBytes(random, 32);
        var nonce = RandomBytes(random, 12);
        var plaintext = RandomBytes(random, 45);
        var associated = RandomBytes(random, 29);
        using var aes = new Aes256Gcm(key, hardware);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        aes.Encrypt(nonce, plaintext, ciphertext, tag, associated);

        foreach (var part in new[] { nonce, ciphertext, tag, associated })
        {
            for (var bit = 0; bit < part.Length * 8; bit += 3)
            {
                part[bit / 8] ^= (byte)(1 << (bit % 8));
                var opened = Enumerable.Repeat((byte)0xAA, plaintext.Length).ToArray();

                aes.TryDecrypt(nonce, ciphertext, tag, opened, associated).Should().BeFalse($"bit {bit} of a {part.Length}-byte part was flipped");
                opened.Should().OnlyContain(b => b == 0);
                part[bit / 8] ^= (byte)(1 << (bit % 8));
            }
        }

        var good = new byte[plaintext.Length];
        aes.TryDecrypt(nonce, ciphertext, tag, good, associated).Should().BeTrue();
        good.Should().Equal(plaintext);
    }

    [Test]
    public void TryDecrypt_OtherKey_ReturnsFalse()
    {
        var random = new Random(3);
        var nonce = RandomBytes(random, 12);
        var plaintext = RandomBytes(random, 64);
        using var sealer = new Aes256Gcm(RandomBytes(random, 32), useHardware: true);
        using var other = new Aes256Gcm(RandomBytes(random, 32), useHardware: true);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        sealer.Encrypt(nonce, plaintext, ciphertext, tag);

        other.TryDecrypt(nonce, ciphertext, tag, new byte[plaintext.Length]).Should().BeFalse();
    }

    [Test]
    public void Constructor_KeyOfWrongLength_Throws()
    {
        var act = () => new Aes256Gcm(new byte[16]);

        act.Should().Throw<ArgumentException>().WithMessage("*32 bytes*");
    }

    [Test]
    public void Encrypt_WrongNonceOrTagLength_Throws()
    {
        using var aes = new Aes256Gcm(new byte[32]);

        var badNonce = () => aes.Encrypt(new byte[8], new byte[4], new byte[4], new byte[16]);
        var badTag = () => aes.Encrypt(new byte[12], new byte[4], new byte[4], new byte[12]);
        var badOutput = () => aes.Encrypt(new byte[12], new byte[4], new byte[5], new byte[16]);

        badNonce.Should().Throw<ArgumentException>();
        badTag.Should().Throw<ArgumentException>();
        badOutput.Should().Throw<ArgumentException>();
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
