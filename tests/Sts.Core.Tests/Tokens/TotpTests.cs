using System.Text;
using Sts.Core.Tokens;

namespace Sts.Core.Tests.Tokens;

public class TotpTests
{
    private static readonly byte[] RfcSecret = Encoding.ASCII.GetBytes("12345678901234567890");

    // RFC 6238 Appendix B, SHA-1 column (8 digits).
    [TestCase(59L, "94287082", TestName = "Compute_Rfc6238VectorAt59_Matches")]
    [TestCase(1111111109L, "07081804", TestName = "Compute_Rfc6238VectorAt1111111109_Matches")]
    [TestCase(1111111111L, "14050471", TestName = "Compute_Rfc6238VectorAt1111111111_Matches")]
    [TestCase(1234567890L, "89005924", TestName = "Compute_Rfc6238VectorAt1234567890_Matches")]
    [TestCase(2000000000L, "69279037", TestName = "Compute_Rfc6238VectorAt2000000000_Matches")]
    [TestCase(20000000000L, "65353130", TestName = "Compute_Rfc6238VectorAt20000000000_Matches")]
    public void Compute_Rfc6238Vector_Matches(long unixSeconds, string expected)
    {
        var time = DateTimeOffset.FromUnixTimeSeconds(unixSeconds);
        Totp.Compute(RfcSecret, time, 8).Should().Be(expected);
        Totp.Compute(RfcSecret, time).Should().Be(expected[^6..], "6 digits are the last 6 of the 8-digit code (same truncation, smaller modulus)");
    }

    // RFC 4226 Appendix D (HOTP counters 0..9), 6 digits.
    [Test]
    public void ComputeForStep_Rfc4226Vectors_Match()
    {
        string[] expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"];
        for (var counter = 0; counter < expected.Length; counter++)
        {
            Totp.ComputeForStep(RfcSecret, counter).Should().Be(expected[counter], $"counter {counter}");
        }
    }

    [Test]
    public void Verify_CurrentPreviousAndNextStep_Accepted()
    {
        var clock = SessionFixtures.Clock();
        var step = Totp.StepAt(clock.GetUtcNow());

        foreach (var offset in new[] { -1, 0, 1 })
        {
            var verifier = new TotpVerifier(clock);
            var result = verifier.Verify("arn:aws:iam::123456789012:mfa/alice", RfcSecret, Totp.ComputeForStep(RfcSecret, step + offset));
            result.IsSuccess.Should().BeTrue($"offset {offset}");
            result.Value.Should().Be(clock.GetUtcNow());
        }
    }

    [Test]
    public void Verify_CodeTwoStepsAway_ReturnsAccessDenied()
    {
        var clock = SessionFixtures.Clock();
        var step = Totp.StepAt(clock.GetUtcNow());
        var verifier = new TotpVerifier(clock);

        var early = verifier.Verify("dev", RfcSecret, Totp.ComputeForStep(RfcSecret, step - 2));
        var late = verifier.Verify("dev", RfcSecret, Totp.ComputeForStep(RfcSecret, step + 2));

        early.Error!.Code.Should().Be("AccessDenied");
        early.Error.Message.Should().Contain("invalid MFA one time pass code");
        late.Error!.Code.Should().Be("AccessDenied");
    }

    [Test]
    public void Verify_SameCodeTwice_RefusesTheReplay()
    {
        var clock = SessionFixtures.Clock();
        var verifier = new TotpVerifier(clock);
        var code = Totp.Compute(RfcSecret, clock.GetUtcNow());

        verifier.Verify("dev", RfcSecret, code).IsSuccess.Should().BeTrue();
        clock.Advance(TimeSpan.FromSeconds(20));
        var replay = verifier.Verify("dev", RfcSecret, code);

        replay.Error!.Code.Should().Be("AccessDenied");
        replay.Error.Message.Should().Contain("already used");
    }

    [Test]
    public void Verify_OlderCodeAfterANewerOne_RefusesIt()
    {
        var clock = SessionFixtures.Clock();
        var verifier = new TotpVerifier(clock);
        var step = Totp.StepAt(clock.GetUtcNow());

        verifier.Verify("dev", RfcSecret, Totp.ComputeForStep(RfcSecret, step)).IsSuccess.Should().BeTrue();

        verifier.Verify("dev", RfcSecret, Totp.ComputeForStep(RfcSecret, step - 1)).Error!.Message.Should().Contain("already used");
    }

    [Test]
    public void Verify_NextStepsCodeAfterTheCurrent_Accepted()
    {
        var clock = SessionFixtures.Clock();
        var verifier = new TotpVerifier(clock);

        verifier.Verify("dev", RfcSecret, Totp.Compute(RfcSecret, clock.GetUtcNow())).IsSuccess.Should().BeTrue();
        clock.Advance(TimeSpan.FromSeconds(Totp.StepSeconds));

        verifier.Verify("dev", RfcSecret, Totp.Compute(RfcSecret, clock.GetUtcNow())).IsSuccess.Should().BeTrue();
    }

    [Test]
    public void Verify_SameCodeOnAnotherDevice_IsJudgedSeparately()
    {
        var clock = SessionFixtures.Clock();
        var verifier = new TotpVerifier(clock);
        var code = Totp.Compute(RfcSecret, clock.GetUtcNow());

        verifier.Verify("dev-a", RfcSecret, code).IsSuccess.Should().BeTrue();
        verifier.Verify("dev-b", RfcSecret, code).IsSuccess.Should().BeTrue();
    }

    [TestCase(null, TestName = "Verify_MissingCode_ReturnsAccessDenied")]
    [TestCase("12345", TestName = "Verify_FiveDigitCode_ReturnsAccessDenied")]
    [TestCase("12345a", TestName = "Verify_NonDigitCode_ReturnsAccessDenied")]
    [TestCase("١٢٣٤٥٦", TestName = "Verify_NonAsciiDigits_ReturnsAccessDenied")]
    public void Verify_MalformedCode_ReturnsAccessDenied(string? code)
    {
        var verifier = new TotpVerifier(SessionFixtures.Clock());
        verifier.Verify("dev", RfcSecret, code).Error!.Code.Should().Be("AccessDenied");
    }
}
