using Sts.Core.Tokens;

namespace Sts.Core.Tests.Tokens;

public class SessionStateTests
{
    [Test]
    public void PrincipalArn_RoleWithPath_DropsThePath()
    {
        var session = SessionFixtures.FullSession();
        session.RoleName.Should().Be("Uploader");
        session.PrincipalArn.Should().Be("arn:aws:sts::210987654321:assumed-role/Uploader/ci@example.com");
        session.PrincipalId.Should().Be("AROAEXAMPLEEXAMPLE123:ci@example.com");
    }

    [Test]
    public void PrincipalArn_DefaultAccount_LeavesTheAccountFieldEmpty()
    {
        var session = SessionFixtures.RoleSession(account: "", roleName: "R", sessionName: "S");
        session.PrincipalArn.Should().Be("arn:aws:sts:::assumed-role/R/S");
    }

    [Test]
    public void IssuedAt_WithFractionalSeconds_IsTruncatedToWholeSeconds()
    {
        var session = new SessionState
        {
            AccessKeyId = TemporaryCredentialFactory.NewAccessKeyId(),
            SecretAccessKey = TemporaryCredentialFactory.NewSecretAccessKey(),
            Kind = SessionPrincipalKind.AssumedRole,
            Account = "1",
            IssuedAt = SessionFixtures.Now.AddMilliseconds(999),
            Expiration = SessionFixtures.Now.AddHours(1).AddMilliseconds(1),
        };

        session.IssuedAt.Should().Be(SessionFixtures.Now);
        session.Expiration.Should().Be(SessionFixtures.Now.AddHours(1));
    }

    [Test]
    public void TryGetTag_KeyInAnotherCase_FindsTheTag()
    {
        var session = SessionFixtures.FullSession();
        session.TryGetTag("PROJECT", out var value).Should().BeTrue();
        value.Should().Be("Blue");
        session.IsTransitiveTagKey("Project").Should().BeTrue();
        session.IsTransitiveTagKey("CostCenter").Should().BeFalse();
    }

    [Test]
    public void ToString_NeverShowsTheSecret()
    {
        var session = SessionFixtures.FullSession();
        session.ToString().Should().NotContain(session.SecretAccessKey).And.Contain(session.AccessKeyId);
    }
}
