using Sts.Core.Tokens;

namespace Sts.Core.Tests.Tokens;

public class TemporaryCredentialFactoryTests
{
    [Test]
    public void NewAccessKeyId_HasTheAsiaShapeAndRoundTripsThroughItsBytes()
    {
        for (var i = 0; i < 200; i++)
        {
            var id = TemporaryCredentialFactory.NewAccessKeyId();
            id.Should().MatchRegex("^ASIA[A-Z2-7]{16}$");
            TemporaryCredentialFactory.IsTemporaryAccessKeyId(id).Should().BeTrue();
            var bytes = new byte[10];
            TemporaryCredentialFactory.ParseAccessKeyId(id, bytes);
            TemporaryCredentialFactory.FormatAccessKeyId(bytes).Should().Be(id);
        }
    }

    [Test]
    public void FormatAccessKeyId_KnownBytes_GiveRfc4648Base32()
    {
        // RFC 4648 test vector: BASE32("fooba") = "MZXW6YTB"; ten bytes give sixteen characters.
        TemporaryCredentialFactory.FormatAccessKeyId("foobafooba"u8).Should().Be("ASIAMZXW6YTBMZXW6YTB");
    }

    [Test]
    public void NewSecretAccessKey_IsFortyCharactersOfBase64()
    {
        var secret = TemporaryCredentialFactory.NewSecretAccessKey();
        secret.Should().HaveLength(40).And.MatchRegex("^[A-Za-z0-9+/]{40}$");
        TemporaryCredentialFactory.IsSecretAccessKey(secret).Should().BeTrue();
    }

    [TestCase("AKIAIOSFODNN7EXAMPLE", TestName = "IsTemporaryAccessKeyId_LongTermKey_False")]
    [TestCase("ASIAIOSFODNN7EXAMPL", TestName = "IsTemporaryAccessKeyId_NineteenCharacters_False")]
    [TestCase("ASIAIOSFODNN1EXAMPLE", TestName = "IsTemporaryAccessKeyId_DigitOutsideBase32_False")]
    [TestCase("asiaIOSFODNN7EXAMPLE", TestName = "IsTemporaryAccessKeyId_LowerCasePrefix_False")]
    public void IsTemporaryAccessKeyId_WrongShape_False(string id)
    {
        TemporaryCredentialFactory.IsTemporaryAccessKeyId(id).Should().BeFalse();
    }
}
