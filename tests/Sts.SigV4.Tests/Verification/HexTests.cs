namespace Sts.SigV4.Tests.Verification;

/// <summary>The vectorized decoder of checked lower-case hex (the signature of a header-signed request) against the BCL's.</summary>
public sealed class HexTests
{
    [Test]
    public void DecodeCheckedLower_RandomLowerHexOfEveryLengthTo130_MatchesConvert()
    {
        var random = new Random(4);
        for (int bytes = 0; bytes <= 65; bytes++)
        {
            for (int round = 0; round < 20; round++)
            {
                byte[] data = new byte[bytes];
                random.NextBytes(data);
                string hex = Convert.ToHexStringLower(data);
                byte[] decoded = new byte[bytes];

                Hex.DecodeCheckedLower(hex, decoded);

                Assert.That(decoded, Is.EqualTo(data), hex);
            }
        }
    }

    [Test]
    public void DecodeCheckedLower_EveryDigitPairInEveryVectorPosition_MatchesConvert()
    {
        const string Digits = "0123456789abcdef";
        for (int position = 0; position < 32; position += 2)
        {
            foreach (char high in Digits)
            {
                foreach (char low in Digits)
                {
                    char[] text = new string('0', 64).ToCharArray();
                    text[position] = high;
                    text[position + 1] = low;
                    byte[] decoded = new byte[32];

                    Hex.DecodeCheckedLower(text, decoded);

                    Assert.That(decoded, Is.EqualTo(Convert.FromHexString(new string(text))));
                }
            }
        }
    }

    [Test]
    public void DecodeCheckedLower_OddLengthOrSmallDestination_Throws()
    {
        Assert.That(() => Hex.DecodeCheckedLower("abc", new byte[2]), Throws.ArgumentException);
        Assert.That(() => Hex.DecodeCheckedLower("abcd", new byte[1]), Throws.ArgumentException);
    }
}
