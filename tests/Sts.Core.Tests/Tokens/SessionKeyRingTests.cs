using System.Text;
using Sts.Core.Tokens;

namespace Sts.Core.Tests.Tokens;

public class SessionKeyRingTests
{
    private static readonly string KeyA = Convert.ToBase64String(Enumerable.Repeat((byte)0xA1, 32).ToArray());
    private static readonly string KeyB = Convert.ToBase64String(Enumerable.Repeat((byte)0xB2, 32).ToArray());

    [Test]
    public void Load_ValidConfiguration_ActivatesTheNamedKey()
    {
        var text = $"# ring\nkey 7 {KeyA}\nkey 8 {KeyB}   # newest\n\nactive 8\n";

        var ring = SessionKeyRing.Load(Encoding.UTF8.GetBytes(text)).Value;

        ring.KeyIds.Should().Equal(7u, 8u);
        ring.ActiveKeyId.Should().Be(8u);
    }

    [Test]
    public void Export_ThenLoad_GivesARingThatOpensTheSameTokens()
    {
        var ring = SessionKeyRing.CreateWithNewKey();
        ring.Rotate();
        var clock = SessionFixtures.Clock();
        var session = SessionFixtures.RoleSession();
        var token = new SessionTokenSealer(ring, clock).Seal(session).Value.Token;

        var reloaded = SessionKeyRing.Load(ring.Export()).Value;

        reloaded.KeyIds.Should().Equal(ring.KeyIds);
        reloaded.ActiveKeyId.Should().Be(ring.ActiveKeyId);
        new SessionTokenSealer(reloaded, clock).Open(token, session.AccessKeyId).IsSuccess.Should().BeTrue();
    }

    [TestCase("active 1\n", "names no active key", TestName = "Load_WithoutKeys_ReturnsInvalidParameterValue")]
    [TestCase("key 1 AAAA\nactive 1\n", "line 1: key 1 is not 32 bytes", TestName = "Load_ShortKey_ReturnsInvalidParameterValue")]
    [TestCase("key 0 {A}\nactive 0\n", "line 1: expected", TestName = "Load_KeyIdZero_ReturnsInvalidParameterValue")]
    [TestCase("key 1 {A}\nkey 1 {B}\nactive 1\n", "line 2: key 1 is listed twice", TestName = "Load_DuplicateKeyId_ReturnsInvalidParameterValue")]
    [TestCase("key 1 {A}\n", "names no active key", TestName = "Load_NoActiveLine_ReturnsInvalidParameterValue")]
    [TestCase("key 1 {A}\nactive 2\n", "does not list", TestName = "Load_ActiveKeyNotListed_ReturnsInvalidParameterValue")]
    [TestCase("key 1 {A}\nactive 1\nactive 1\n", "line 3: expected", TestName = "Load_TwoActiveLines_ReturnsInvalidParameterValue")]
    [TestCase("kee 1 {A}\nactive 1\n", "line 1: expected", TestName = "Load_UnknownDirective_ReturnsInvalidParameterValue")]
    public void Load_InvalidConfiguration_ReturnsInvalidParameterValue(string template, string expected)
    {
        var text = template.Replace("{A}", KeyA, StringComparison.Ordinal).Replace("{B}", KeyB, StringComparison.Ordinal);

        var result = SessionKeyRing.Load(Encoding.UTF8.GetBytes(text));

        result.Error!.Code.Should().Be("InvalidParameterValue");
        result.Error.Message.Should().Contain(expected).And.NotContain(KeyA).And.NotContain(KeyB);
    }

    [Test]
    public void Load_ConfigurationOverTheSizeCap_ReturnsInvalidParameterValue()
    {
        var result = SessionKeyRing.Load(new byte[SessionKeyRing.MaxConfigurationBytes + 1]);
        result.Error!.Message.Should().Contain("at most");
    }

    [Test]
    public void Load_InvalidUtf8_ReturnsInvalidParameterValue()
    {
        SessionKeyRing.Load([0xFF, 0xFE, 0x00]).Error!.Message.Should().Contain("UTF-8");
    }

    [Test]
    public void Retire_ActiveKey_Throws()
    {
        var ring = SessionKeyRing.CreateWithNewKey();
        FluentActions.Invoking(() => ring.Retire(ring.ActiveKeyId)).Should().Throw<InvalidOperationException>();
    }

    [Test]
    public void Rotate_AddsANewActiveKeyAndKeepsTheOld()
    {
        var ring = SessionKeyRing.CreateWithNewKey();
        var first = ring.ActiveKeyId;

        var second = ring.Rotate();

        ring.ActiveKeyId.Should().Be(second);
        ring.KeyIds.Should().Equal(first, second);
    }

    [Test]
    public void AddKey_ThenActivate_SealsWithTheAddedKey()
    {
        var ring = SessionKeyRing.CreateWithNewKey();
        ring.AddKey(42, Enumerable.Repeat((byte)3, 32).ToArray());
        ring.ActiveKeyId.Should().Be(1u, "an added key seals only once activated");

        ring.Activate(42);

        ring.ActiveKeyId.Should().Be(42u);
        FluentActions.Invoking(() => ring.AddKey(42, new byte[32])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => ring.AddKey(43, new byte[16])).Should().Throw<ArgumentException>();
    }
}
