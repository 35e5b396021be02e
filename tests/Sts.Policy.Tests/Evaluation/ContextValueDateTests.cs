using System.Globalization;
using Sts.Policy.Evaluation;

namespace Sts.Policy.Tests.Evaluation;

/// <summary>
/// The fast reader of <c>yyyy-MM-ddTHH:mm:ssZ</c> in <see cref="ContextValue"/> agrees with the BCL's parser, and hands
/// everything it does not read (invalid days, other forms) to the general path.
/// </summary>
public class ContextValueDateTests
{
    [TestCase("2026-11-27T12:00:00Z")]
    [TestCase("2024-02-29T23:59:59Z")]
    [TestCase("0001-01-01T00:00:00Z")]
    [TestCase("9999-12-31T23:59:59Z")]
    [TestCase("2026-11-27T12:00:00+02:00")]
    [TestCase("2026-11-27")]
    public void TryParseDate_ValidDate_AgreesWithDateTimeOffsetParse(string text)
    {
        var expected = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal).UtcTicks;

        ContextValue.TryParseDate(text, out var ticks).Should().BeTrue();
        ticks.Should().Be(expected);
    }

    [TestCase("2023-02-29T12:00:00Z")]
    [TestCase("2026-13-01T12:00:00Z")]
    [TestCase("2026-11-31T12:00:00Z")]
    [TestCase("2026-11-27T24:00:00Z")]
    [TestCase("2026-11-27T12:60:00Z")]
    [TestCase("2026-11-27T12:00:61Z")]
    [TestCase("2026-1a-27T12:00:00Z")]
    [TestCase("0000-01-01T00:00:00Z")]
    public void TryParseDate_InvalidCanonicalDate_ReturnsFalse(string text)
    {
        ContextValue.TryParseDate(text, out _).Should().BeFalse();
    }

    [Test]
    public void FromString_DateText_StillComparesAsDateWhenAsked()
    {
        var value = ContextValue.FromString("2026-11-27T12:00:00Z");

        value.HasDate.Should().BeTrue();
        value.DateTicks.Should().Be(new DateTime(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc).Ticks);
        value.HasNumber.Should().BeFalse();
        value.Bytes.Should().BeNull();
    }
}
