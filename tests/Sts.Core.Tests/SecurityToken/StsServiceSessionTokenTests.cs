using Sts.Core.SecurityToken;
using Sts.Core.Tokens;

namespace Sts.Core.Tests.SecurityToken;

public class StsServiceSessionTokenTests
{
    [Test]
    public async Task GetSessionToken_UserWithoutDuration_Gets12HourSessionOfThemselves()
    {
        var f = new StsServiceFixture();

        var result = await f.Service.GetSessionTokenAsync(StsServiceFixture.Alice, new GetSessionTokenRequest());

        result.Value.Credentials.Expiration.Should().Be(f.Clock.GetUtcNow().AddHours(12));
        var opened = f.Sealer.Open(result.Value.Credentials.SessionToken, result.Value.Credentials.AccessKeyId).Value;
        opened.Kind.Should().Be(SessionPrincipalKind.UserSession);
        opened.PrincipalArn.Should().Be(StsServiceFixture.UserArn);
        opened.PrincipalId.Should().Be(StsServiceFixture.UserId);
        f.Decider.Questions.Should().BeEmpty("GetSessionToken needs no policy permission");
    }

    [Test]
    public async Task GetSessionToken_User129600Seconds_Gets36HourSession()
    {
        var f = new StsServiceFixture();
        var result = await f.Service.GetSessionTokenAsync(StsServiceFixture.Alice, new GetSessionTokenRequest { DurationSeconds = 129600 });
        result.Value.Credentials.Expiration.Should().Be(f.Clock.GetUtcNow().AddHours(36));
    }

    [TestCase(899, "greater than or equal to 900", TestName = "GetSessionToken_Duration899_ReturnsValidationError")]
    [TestCase(129601, "less than or equal to 129600", TestName = "GetSessionToken_Duration129601_ReturnsValidationError")]
    public async Task GetSessionToken_DurationOutOfRange_ReturnsValidationError(int seconds, string expected)
    {
        var f = new StsServiceFixture();
        var result = await f.Service.GetSessionTokenAsync(StsServiceFixture.Alice, new GetSessionTokenRequest { DurationSeconds = seconds });
        result.Error!.Code.Should().Be("ValidationError");
        result.Error.Message.Should().Contain($"at 'durationSeconds' failed to satisfy constraint: Member must have value {expected}");
    }

    [Test]
    public async Task GetSessionToken_Root_IsCutToOneHour()
    {
        var f = new StsServiceFixture();
        var root = StsCaller.ForAccountRoot(StsServiceFixture.Account);

        var asked = await f.Service.GetSessionTokenAsync(root, new GetSessionTokenRequest { DurationSeconds = 7200 });
        var defaulted = await f.Service.GetSessionTokenAsync(root, new GetSessionTokenRequest());

        asked.Value.Credentials.Expiration.Should().Be(f.Clock.GetUtcNow().AddHours(1));
        defaulted.Value.Credentials.Expiration.Should().Be(f.Clock.GetUtcNow().AddHours(1));
        asked.Value.Session.PrincipalArn.Should().Be("arn:aws:iam::123456789012:root");
        asked.Value.Session.PrincipalId.Should().Be("123456789012");
    }

    [Test]
    public async Task GetSessionToken_WithSessionCredentials_ReturnsAccessDenied()
    {
        var f = new StsServiceFixture();
        var session = await f.SessionOf(await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, new AssumeRoleRequest { RoleArn = StsServiceFixture.RoleArn, RoleSessionName = "s1" }));

        var result = await f.Service.GetSessionTokenAsync(session, new GetSessionTokenRequest());

        result.Error!.Code.Should().Be("AccessDenied");
        result.Error.Message.Should().Be("Cannot call GetSessionToken with session credentials");
    }

    [Test]
    public async Task GetSessionToken_WithMfa_ThenAssumeRole_CarriesMfaAndAppliesTheChainingLimit()
    {
        var f = new StsServiceFixture();
        var mfaSession = await f.Service.GetSessionTokenAsync(StsServiceFixture.Alice, new GetSessionTokenRequest { SerialNumber = StsServiceFixture.MfaSerial, TokenCode = f.CurrentCode() });
        var opened = f.Sealer.Open(mfaSession.Value.Credentials.SessionToken, mfaSession.Value.Credentials.AccessKeyId).Value;
        opened.MultiFactorAuthenticatedAt.Should().Be(f.Clock.GetUtcNow());
        var caller = StsCaller.ForSession(opened);
        caller.UserName.Should().Be("alice");
        f.Clock.Advance(TimeSpan.FromMinutes(10));

        var tooLong = await f.Service.AssumeRoleAsync(caller, new AssumeRoleRequest { RoleArn = StsServiceFixture.RoleArn, RoleSessionName = "s1", DurationSeconds = 7200 });
        var role = await f.Service.AssumeRoleAsync(caller, new AssumeRoleRequest { RoleArn = StsServiceFixture.RoleArn, RoleSessionName = "s1" });

        tooLong.Error!.Message.Should().Contain("role chaining");
        role.Value.Session.IsMultiFactorAuthenticated.Should().BeTrue();
        var keys = f.Decider.Question("sts:AssumeRole").ContextKeys;
        keys["aws:MultiFactorAuthPresent"].Should().Equal("true");
        keys["aws:MultiFactorAuthAge"].Should().Equal("600");
        role.Value.Session.ChainDepth.Should().Be(0, "a GetSessionToken session is not a role session");
    }

    [Test]
    public async Task GetCallerIdentity_ForEachKindOfCaller_ReportsAwsValues()
    {
        var f = new StsServiceFixture();
        var roleSession = await f.SessionOf(await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, new AssumeRoleRequest { RoleArn = StsServiceFixture.RoleArn, RoleSessionName = "s1" }));

        f.Service.GetCallerIdentity(StsServiceFixture.Alice).Should().Be(new CallerIdentity(StsServiceFixture.UserId, "123456789012", StsServiceFixture.UserArn));
        f.Service.GetCallerIdentity(StsCaller.ForAccountRoot("123456789012")).Should().Be(new CallerIdentity("123456789012", "123456789012", "arn:aws:iam::123456789012:root"));
        f.Service.GetCallerIdentity(roleSession).Should().Be(new CallerIdentity("AROAEXAMPLEDEPLOYER12:s1", "123456789012", "arn:aws:sts::123456789012:assumed-role/Deployer/s1"));
    }

    [Test]
    public async Task GetAccessKeyInfo_OwnTemporaryKeyAndKnownLongTermKey_ReturnAccounts()
    {
        var f = new StsServiceFixture();
        f.AccessKeys.Accounts["AKIAIOSFODNN7EXAMPLE"] = "210987654321";
        var session = await f.SessionOf(await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, new AssumeRoleRequest { RoleArn = StsServiceFixture.RoleArn, RoleSessionName = "s1" }));

        (await f.Service.GetAccessKeyInfoAsync(session, session.Session!.AccessKeyId)).Value.Should().Be("123456789012");
        (await f.Service.GetAccessKeyInfoAsync(StsServiceFixture.Alice, "AKIAIOSFODNN7EXAMPLE")).Value.Should().Be("210987654321");
    }

    [Test]
    public async Task GetAccessKeyInfo_UnknownKey_ReturnsInvalidParameterValue()
    {
        var f = new StsServiceFixture();
        var result = await f.Service.GetAccessKeyInfoAsync(StsServiceFixture.Alice, "AKIAUNKNOWNKEY000000");
        result.Error!.Code.Should().Be("InvalidParameterValue");
        result.Error.Message.Should().Contain("AKIAUNKNOWNKEY000000");
    }

    [TestCase("AKIA-bad-key-id-0000", "regular expression pattern", TestName = "GetAccessKeyInfo_KeyWithDashes_ReturnsValidationError")]
    [TestCase("AKIASHORT", "greater than or equal to 16", TestName = "GetAccessKeyInfo_ShortKey_ReturnsValidationError")]
    [TestCase(null, "Member must not be null", TestName = "GetAccessKeyInfo_MissingKey_ReturnsValidationError")]
    public async Task GetAccessKeyInfo_MalformedKey_ReturnsValidationError(string? key, string expected)
    {
        var f = new StsServiceFixture();
        var result = await f.Service.GetAccessKeyInfoAsync(StsServiceFixture.Alice, key);
        result.Error!.Code.Should().Be("ValidationError");
        result.Error.Message.Should().Contain(expected);
    }

    [Test]
    public async Task DecodeAuthorizationMessage_AllowedCaller_GetsTheSealedExplanation()
    {
        var f = new StsServiceFixture();
        f.Decider.Identity = q => q.Action == "sts:DecodeAuthorizationMessage" && q.Resource == "*" ? StsDecision.Allow : StsDecision.ImplicitDeny;
        const string explanation = """{"allowed":false,"explicitDeny":true,"context":{"action":"s3:PutObject"}}""";
        var encoded = f.Messages.Seal(explanation);

        var result = await f.Service.DecodeAuthorizationMessageAsync(StsServiceFixture.Alice, encoded);

        result.Value.Should().Be(explanation);
    }

    [Test]
    public async Task DecodeAuthorizationMessage_CallerWithoutPermission_ReturnsAccessDenied()
    {
        var f = new StsServiceFixture();

        var result = await f.Service.DecodeAuthorizationMessageAsync(StsServiceFixture.Alice, f.Messages.Seal("{}"));

        result.Error!.Code.Should().Be("AccessDenied");
        result.Error.Message.Should().Be($"User: {StsServiceFixture.UserArn} is not authorized to perform: sts:DecodeAuthorizationMessage");
    }

    [Test]
    public async Task DecodeAuthorizationMessage_AlteredMessageOrSessionToken_ReturnsInvalidAuthorizationMessage()
    {
        var f = new StsServiceFixture();
        f.Decider.Identity = _ => StsDecision.Allow;
        var encoded = f.Messages.Seal("""{"allowed":false}""");
        var altered = encoded[..^2] + (encoded[^2] == 'A' ? 'B' : 'A') + encoded[^1];
        var sessionToken = (await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, new AssumeRoleRequest { RoleArn = StsServiceFixture.RoleArn, RoleSessionName = "s1" })).Value.Credentials.SessionToken;

        (await f.Service.DecodeAuthorizationMessageAsync(StsServiceFixture.Alice, altered)).Error!.Code.Should().Be("InvalidAuthorizationMessageException");
        (await f.Service.DecodeAuthorizationMessageAsync(StsServiceFixture.Alice, sessionToken)).Error!.Code.Should().Be("InvalidAuthorizationMessageException");
        (await f.Service.DecodeAuthorizationMessageAsync(StsServiceFixture.Alice, "not base64!")).Error!.Code.Should().Be("InvalidAuthorizationMessageException");
        (await f.Service.DecodeAuthorizationMessageAsync(StsServiceFixture.Alice, new string('A', 10241))).Error!.Code.Should().Be("ValidationError");
    }

    [Test]
    public async Task GetAccessKeyInfoAndDecode_WithGetSessionTokenCredentials_ReturnAccessDenied()
    {
        var f = new StsServiceFixture();
        f.Decider.Identity = _ => StsDecision.Allow;
        var response = await f.Service.GetSessionTokenAsync(StsServiceFixture.Alice, new GetSessionTokenRequest());
        var caller = StsCaller.ForSession(f.Sealer.Open(response.Value.Credentials.SessionToken, response.Value.Credentials.AccessKeyId).Value);

        var info = await f.Service.GetAccessKeyInfoAsync(caller, caller.Session!.AccessKeyId);
        var decode = await f.Service.DecodeAuthorizationMessageAsync(caller, f.Messages.Seal("{}"));

        info.Error!.Message.Should().Be("Cannot call GetAccessKeyInfo with session credentials");
        decode.Error!.Message.Should().Be("Cannot call DecodeAuthorizationMessage with session credentials");
        f.Service.GetCallerIdentity(caller).Arn.Should().Be(StsServiceFixture.UserArn);
    }
}
