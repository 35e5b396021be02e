using System.Collections.Immutable;
using Sts.Core.SecurityToken;
using Sts.Core.Tokens;

namespace Sts.Core.Tests.SecurityToken;

public class StsServiceAssumeRoleTests
{
    private static AssumeRoleRequest Request(string sessionName = "deploy-1") =>
        new() { RoleArn = StsServiceFixture.RoleArn, RoleSessionName = sessionName };

    [Test]
    public async Task AssumeRole_AllowedByTrust_ReturnsCredentialsWhoseTokenOpensToTheSession()
    {
        var f = new StsServiceFixture();

        var result = await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, Request());

        result.IsSuccess.Should().BeTrue(result.Error?.ToString());
        var response = result.Value;
        response.Credentials.AccessKeyId.Should().MatchRegex("^ASIA[A-Z2-7]{16}$");
        response.Credentials.SecretAccessKey.Should().HaveLength(40);
        response.Credentials.Expiration.Should().Be(f.Clock.GetUtcNow().AddHours(1));
        response.AssumedRoleUser.Arn.Should().Be("arn:aws:sts::123456789012:assumed-role/Deployer/deploy-1");
        response.AssumedRoleUser.AssumedRoleId.Should().Be("AROAEXAMPLEDEPLOYER12:deploy-1");
        response.PackedPolicySize.Should().Be(0);
        response.SourceIdentity.Should().BeNull();

        var opened = f.Sealer.Open(response.Credentials.SessionToken, response.Credentials.AccessKeyId);
        opened.Value.RoleArn.Should().Be(StsServiceFixture.RoleArn);
        opened.Value.SecretAccessKey.Should().Be(response.Credentials.SecretAccessKey);
        opened.Value.ChainDepth.Should().Be(0);
        opened.Value.IsMultiFactorAuthenticated.Should().BeFalse();
    }

    [Test]
    public async Task AssumeRole_Always_AsksTrustForAssumeRoleWithSessionNameAndNoMfaKeyForLongTermKeys()
    {
        var f = new StsServiceFixture();

        await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, Request());

        var question = f.Decider.Questions.Should().ContainSingle().Subject;
        question.Action.Should().Be("sts:AssumeRole");
        question.Resource.Should().Be(StsServiceFixture.RoleArn);
        question.Caller.Arn.Should().Be(StsServiceFixture.UserArn);
        question.ContextKeys["sts:RoleSessionName"].Should().Equal("deploy-1");
        question.ContextKeys.Should().NotContainKey("aws:MultiFactorAuthPresent", "long-term keys carry no MFA key at all");
        question.ContextKeys.Should().NotContainKey("sts:ExternalId");
        question.ContextKeys["aws:EpochTime"].Should().Equal(f.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Test]
    public async Task AssumeRole_TrustDenies_ReturnsAccessDeniedInAwsWording()
    {
        var f = new StsServiceFixture();
        f.Decider.AssumeRole = _ => StsDecision.ImplicitDeny;

        var result = await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, Request());

        result.Error!.Code.Should().Be("AccessDenied");
        result.Error.HttpStatus.Should().Be(403);
        result.Error.Message.Should().Be($"User: {StsServiceFixture.UserArn} is not authorized to perform: sts:AssumeRole on resource: {StsServiceFixture.RoleArn}");
    }

    [Test]
    public async Task AssumeRole_UnknownRole_ReturnsAccessDeniedWithoutRevealingIt()
    {
        var f = new StsServiceFixture();

        var result = await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, new AssumeRoleRequest { RoleArn = "arn:aws:iam::123456789012:role/Nope", RoleSessionName = "s1" });

        result.Error!.Code.Should().Be("AccessDenied");
        result.Error.Message.Should().EndWith("sts:AssumeRole on resource: arn:aws:iam::123456789012:role/Nope");
        f.Decider.Questions.Should().BeEmpty();
    }

    [Test]
    public async Task AssumeRole_RoleOfDefaultAccount_GivesArnWithEmptyAccount()
    {
        var f = new StsServiceFixture();
        f.Roles.Add(StsServiceFixture.Role("arn:aws:iam:::role/Reader", "AROAEXAMPLEREADER1234"));

        var result = await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, new AssumeRoleRequest { RoleArn = "arn:aws:iam:::role/Reader", RoleSessionName = "S1" });

        result.Value.AssumedRoleUser.Arn.Should().Be("arn:aws:sts:::assumed-role/Reader/S1");
    }

    [TestCase("a", "Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2", TestName = "AssumeRole_SessionNameOfOneCharacter_ReturnsValidationError")]
    [TestCase("has space", @"Value 'has space' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]*", TestName = "AssumeRole_SessionNameWithSpace_ReturnsValidationError")]
    [TestCase("slash/name", @"Member must satisfy regular expression pattern: [\w+=,.@-]*", TestName = "AssumeRole_SessionNameWithSlash_ReturnsValidationError")]
    public async Task AssumeRole_InvalidSessionName_ReturnsValidationError(string name, string expected)
    {
        var f = new StsServiceFixture();

        var result = await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, Request(name));

        result.Error!.Code.Should().Be("ValidationError");
        result.Error.Message.Should().StartWith("1 validation error detected: ").And.Contain(expected);
    }

    [Test]
    public async Task AssumeRole_SessionNameOf65Characters_ReturnsValidationError()
    {
        var f = new StsServiceFixture();
        var result = await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, Request(new string('a', 65)));
        result.Error!.Message.Should().Contain("Member must have length less than or equal to 64");
    }

    [Test]
    public async Task AssumeRole_Duration899_ReturnsValidationErrorAsMotoWordsIt()
    {
        var f = new StsServiceFixture();

        var result = await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, Request() with { DurationSeconds = 899 });

        result.Error!.Message.Should().Be("1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900");
    }

    [Test]
    public async Task AssumeRole_SeveralViolations_ListsEveryOne()
    {
        var f = new StsServiceFixture();

        var result = await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, Request("x") with { DurationSeconds = 50000, ExternalId = "a" });

        result.Error!.Message.Should().StartWith("3 validation errors detected: ")
            .And.Contain("'roleSessionName'").And.Contain("'durationSeconds'").And.Contain("'externalId'");
    }

    [Test]
    public async Task AssumeRole_DurationAboveRoleMaximum_ReturnsValidationError()
    {
        var f = new StsServiceFixture();
        f.Roles.Add(StsServiceFixture.Role("arn:aws:iam::123456789012:role/Short", "AROAEXAMPLESHORT12345", maxSessionSeconds: 3600));

        var result = await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, new AssumeRoleRequest { RoleArn = "arn:aws:iam::123456789012:role/Short", RoleSessionName = "s1", DurationSeconds = 3601 });

        result.Error!.Code.Should().Be("ValidationError");
        result.Error.Message.Should().Be("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    }

    [Test]
    public async Task AssumeRole_DurationUpToRoleMaximum_SetsExpiration()
    {
        var f = new StsServiceFixture();

        var result = await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, Request() with { DurationSeconds = 43200 });

        result.Value.Credentials.Expiration.Should().Be(f.Clock.GetUtcNow().AddHours(12));
    }

    [Test]
    public async Task AssumeRole_ChainedAboveOneHour_ReturnsValidationError()
    {
        var f = new StsServiceFixture();
        var first = await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, Request());
        var session = await f.SessionOf(first);

        var result = await f.Service.AssumeRoleAsync(session, Request("chained") with { DurationSeconds = 3601 });

        result.Error!.Message.Should().Be("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
    }

    [Test]
    public async Task AssumeRole_ChainedWithinOneHour_IncrementsChainDepthAndAsksWithTheSessionAsCaller()
    {
        var f = new StsServiceFixture();
        var session = await f.SessionOf(await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, Request()));
        f.Decider.Questions.Clear();

        var result = await f.Service.AssumeRoleAsync(session, Request("chained") with { DurationSeconds = 3600 });

        result.Value.Session.ChainDepth.Should().Be(1);
        var question = f.Decider.Question("sts:AssumeRole");
        question.Caller.Arn.Should().Be("arn:aws:sts::123456789012:assumed-role/Deployer/deploy-1");
        question.ContextKeys["aws:MultiFactorAuthPresent"].Should().Equal("false");
        question.ContextKeys["aws:TokenIssueTime"].Should().Equal("2026-11-27T12:00:00Z");
    }

    [Test]
    public async Task AssumeRole_MalformedSessionPolicy_ReturnsMalformedPolicyDocument()
    {
        var f = new StsServiceFixture();

        var result = await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, Request() with { Policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]}""" });

        result.Error!.Code.Should().Be("MalformedPolicyDocument");
        result.Error.Message.Should().NotBeNullOrWhiteSpace();
    }

    [Test]
    public async Task AssumeRole_SessionPolicyWithPrincipal_ReturnsMalformedPolicyDocument()
    {
        var f = new StsServiceFixture();
        const string policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}""";

        var result = await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, Request() with { Policy = policy });

        result.Error!.Code.Should().Be("MalformedPolicyDocument");
    }

    [Test]
    public async Task AssumeRole_SessionPolicyOver2048Characters_ReturnsValidationError()
    {
        var f = new StsServiceFixture();
        var policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::""" + new string('b', 2048) + "\"}]}";

        var result = await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, Request() with { Policy = policy });

        result.Error!.Code.Should().Be("ValidationError");
        result.Error.Message.Should().Contain("at 'policy' failed to satisfy constraint: Member must have length less than or equal to 2048");
        result.Error.Message.Should().NotContain(policy, "offending input is quoted truncated");
    }

    [Test]
    public async Task AssumeRole_ValidSessionPolicyAndArns_AreSealedIntoTheSession()
    {
        var f = new StsServiceFixture();
        const string policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}]}""";
        ImmutableArray<string> arns = ["arn:aws:iam::123456789012:policy/Narrow"];

        var result = await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, Request() with { Policy = policy, PolicyArns = arns });

        result.Value.PackedPolicySize.Should().BeInRange(1, 100);
        var opened = f.Sealer.Open(result.Value.Credentials.SessionToken, result.Value.Credentials.AccessKeyId).Value;
        opened.SessionPolicy.Should().Be(policy);
        opened.PolicyArns.Should().Equal(arns);
    }

    [Test]
    public async Task AssumeRole_ElevenPolicyArns_ReturnsValidationError()
    {
        var f = new StsServiceFixture();
        var arns = Enumerable.Range(0, 11).Select(i => $"arn:aws:iam::123456789012:policy/P{i}").ToImmutableArray();

        var result = await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, Request() with { PolicyArns = arns });

        result.Error!.Message.Should().Contain("Value at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to 10");
    }

    [Test]
    public async Task AssumeRole_PolicyArnThatIsNotAPolicy_ReturnsValidationError()
    {
        var f = new StsServiceFixture();
        var result = await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, Request() with { PolicyArns = ["arn:aws:iam::123456789012:role/NotAPolicy"] });
        result.Error!.Message.Should().Contain("policyArns.1.member.arn");
    }

    [Test]
    public async Task AssumeRole_WithTags_AsksForTagSessionWithRequestTagKeys()
    {
        var f = new StsServiceFixture();
        var request = Request() with { Tags = [new SessionTag("Project", "Blue"), new SessionTag("Team", "")], TransitiveTagKeys = ["project"] };

        var result = await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, request);

        result.IsSuccess.Should().BeTrue(result.Error?.ToString());
        var question = f.Decider.Question("sts:TagSession");
        question.ContextKeys["aws:RequestTag/Project"].Should().Equal("Blue");
        question.ContextKeys["aws:RequestTag/Team"].Should().Equal("");
        question.ContextKeys["aws:TagKeys"].Should().Equal("Project", "Team");
        question.ContextKeys["sts:TransitiveTagKeys"].Should().Equal("project");
        result.Value.Session.Tags.Should().Equal(request.Tags);
        result.Value.Session.TransitiveTagKeys.Should().Equal("project");
    }

    [Test]
    public async Task AssumeRole_WithTagsWhenTagSessionNotAllowed_ReturnsAccessDeniedNamingTagSession()
    {
        var f = new StsServiceFixture();
        f.Decider.AssumeRole = q => q.Action == "sts:TagSession" ? StsDecision.ImplicitDeny : StsDecision.Allow;

        var result = await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, Request() with { Tags = [new SessionTag("k", "v")] });

        result.Error!.Code.Should().Be("AccessDenied");
        result.Error.Message.Should().Contain("perform: sts:TagSession on resource: " + StsServiceFixture.RoleArn);
    }

    [Test]
    public async Task AssumeRole_WithoutTags_DoesNotAskForTagSession()
    {
        var f = new StsServiceFixture();
        await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, Request());
        f.Decider.Questions.Select(q => q.Action).Should().Equal("sts:AssumeRole");
    }

    [Test]
    public async Task AssumeRole_DuplicateTagKeysIgnoringCase_ReturnsValidationError()
    {
        var f = new StsServiceFixture();
        var result = await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, Request() with { Tags = [new SessionTag("Team", "a"), new SessionTag("TEAM", "b")] });
        result.Error!.Code.Should().Be("ValidationError");
        result.Error.Message.Should().Contain("Duplicate tag keys").And.Contain("case insensitive");
    }

    [Test]
    public async Task AssumeRole_FiftyOneTags_ReturnsValidationError()
    {
        var f = new StsServiceFixture();
        var tags = Enumerable.Range(0, 51).Select(i => new SessionTag($"k{i}", "v")).ToImmutableArray();
        var result = await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, Request() with { Tags = tags });
        result.Error!.Message.Should().Contain("Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50");
    }

    [Test]
    public async Task AssumeRole_TagKeyWithForbiddenCharacter_ReturnsValidationError()
    {
        var f = new StsServiceFixture();
        var result = await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, Request() with { Tags = [new SessionTag("bad*key", "v")] });
        result.Error!.Message.Should().Contain("tags.1.member.key").And.Contain(@"[\p{L}\p{Z}\p{N}_.:/=+\-@]+");
    }

    [Test]
    public async Task AssumeRole_TransitiveKeyWithoutTag_ReturnsValidationError()
    {
        var f = new StsServiceFixture();
        var result = await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, Request() with { TransitiveTagKeys = ["ghost"] });
        result.Error!.Message.Should().Contain("'ghost' names no tag");
    }

    [Test]
    public async Task AssumeRole_LongFiftyTags_ReturnsPackedPolicyTooLarge()
    {
        var f = new StsServiceFixture();
        var random = new Random(3);
        var tags = Enumerable.Range(0, 50)
            .Select(i => new SessionTag($"k{i}" + new string([.. Enumerable.Range(0, 120).Select(_ => (char)random.Next('a', 'z' + 1))]), new string([.. Enumerable.Range(0, 256).Select(_ => (char)random.Next('a', 'z' + 1))])))
            .ToImmutableArray();

        var result = await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, Request() with { Tags = tags });

        result.Error!.Code.Should().Be("PackedPolicyTooLarge");
    }

    [Test]
    public async Task AssumeRole_ChainedSession_CarriesTransitiveTagsButNotOthers()
    {
        var f = new StsServiceFixture();
        var first = await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, Request() with
        {
            Tags = [new SessionTag("Project", "Blue"), new SessionTag("Scratch", "x")],
            TransitiveTagKeys = ["Project"],
        });
        var session = await f.SessionOf(first);

        var second = await f.Service.AssumeRoleAsync(session, Request("second") with { Tags = [new SessionTag("Stage", "2")] });

        second.Value.Session.Tags.Should().Equal(new SessionTag("Stage", "2"), new SessionTag("Project", "Blue"));
        second.Value.Session.TransitiveTagKeys.Should().Equal("Project");
        var third = await f.Service.AssumeRoleAsync(await f.SessionOf(second), Request("third"));
        third.Value.Session.Tags.Should().Equal(new SessionTag("Project", "Blue"));
        third.Value.Session.ChainDepth.Should().Be(2);
        f.Decider.Questions.Last().Action.Should().Be("sts:TagSession", "carrying transitive tags into a session tags it");
    }

    [Test]
    public async Task AssumeRole_ChainedSessionOverridingTransitiveTag_ReturnsValidationError()
    {
        var f = new StsServiceFixture();
        var session = await f.SessionOf(await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, Request() with
        {
            Tags = [new SessionTag("Project", "Blue")],
            TransitiveTagKeys = ["Project"],
        }));

        var result = await f.Service.AssumeRoleAsync(session, Request("second") with { Tags = [new SessionTag("PROJECT", "Red")] });

        result.Error!.Code.Should().Be("ValidationError");
        result.Error.Message.Should().Contain("transitive tag of the calling session");
    }

    [Test]
    public async Task AssumeRole_WithExternalId_PassesStsExternalId()
    {
        var f = new StsServiceFixture();
        await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, Request() with { ExternalId = "partner:4711/x" });
        f.Decider.Question("sts:AssumeRole").ContextKeys["sts:ExternalId"].Should().Equal("partner:4711/x");
    }

    [Test]
    public async Task AssumeRole_ExternalIdWithForbiddenCharacter_ReturnsValidationError()
    {
        var f = new StsServiceFixture();
        var result = await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, Request() with { ExternalId = "bad id" });
        result.Error!.Message.Should().Contain(@"at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@:\/-]*");
    }

    [Test]
    public async Task AssumeRole_WithSourceIdentity_AsksForSetSourceIdentityAndFixesIt()
    {
        var f = new StsServiceFixture();

        var first = await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, Request() with { SourceIdentity = "alice@corp" });

        first.Value.SourceIdentity.Should().Be("alice@corp");
        f.Decider.Question("sts:SetSourceIdentity").ContextKeys["sts:SourceIdentity"].Should().Equal("alice@corp");
        var session = await f.SessionOf(first);
        var chained = await f.Service.AssumeRoleAsync(session, Request("second"));
        chained.Value.SourceIdentity.Should().Be("alice@corp");
        f.Decider.Questions.Last().ContextKeys["aws:SourceIdentity"].Should().Equal("alice@corp");

        var changed = await f.Service.AssumeRoleAsync(session, Request("third") with { SourceIdentity = "mallory" });
        changed.Error!.Code.Should().Be("ValidationError");
        changed.Error.Message.Should().Contain("cannot be changed");
    }

    [Test]
    public async Task AssumeRole_SourceIdentityWhenSetSourceIdentityNotAllowed_ReturnsAccessDenied()
    {
        var f = new StsServiceFixture();
        f.Decider.AssumeRole = q => q.Action == "sts:SetSourceIdentity" ? StsDecision.ExplicitDeny : StsDecision.Allow;

        var result = await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, Request() with { SourceIdentity = "alice" });

        result.Error!.Message.Should().Contain("sts:SetSourceIdentity");
    }

    [Test]
    public async Task AssumeRole_SourceIdentityWithReservedAwsPrefix_ReturnsValidationError()
    {
        var f = new StsServiceFixture();
        var result = await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, Request() with { SourceIdentity = "AWS:admin" });
        result.Error!.Message.Should().Contain(@"Value 'AWS:admin' at 'sourceIdentity' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]*");
    }

    [Test]
    public async Task AssumeRole_WithValidMfaCode_MarksSessionAndContextAsMfaAuthenticated()
    {
        var f = new StsServiceFixture();

        var result = await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, Request() with { SerialNumber = StsServiceFixture.MfaSerial, TokenCode = f.CurrentCode() });

        result.Value.Session.MultiFactorAuthenticatedAt.Should().Be(f.Clock.GetUtcNow());
        var keys = f.Decider.Question("sts:AssumeRole").ContextKeys;
        keys["aws:MultiFactorAuthPresent"].Should().Equal("true");
        keys["aws:MultiFactorAuthAge"].Should().Equal("0");
    }

    [Test]
    public async Task AssumeRole_WithWrongMfaCode_ReturnsAccessDeniedBeforeTrust()
    {
        var f = new StsServiceFixture();
        var wrong = ((int.Parse(f.CurrentCode(), System.Globalization.CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

        var result = await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, Request() with { SerialNumber = StsServiceFixture.MfaSerial, TokenCode = wrong });

        result.Error!.Code.Should().Be("AccessDenied");
        result.Error.Message.Should().Contain("MultiFactorAuthentication failed");
        f.Decider.Questions.Should().BeEmpty();
    }

    [Test]
    public async Task AssumeRole_ReusingAnMfaCode_ReturnsAccessDenied()
    {
        var f = new StsServiceFixture();
        var code = f.CurrentCode();
        (await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, Request() with { SerialNumber = StsServiceFixture.MfaSerial, TokenCode = code })).IsSuccess.Should().BeTrue();

        var replay = await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, Request() with { SerialNumber = StsServiceFixture.MfaSerial, TokenCode = code });

        replay.Error!.Message.Should().Contain("already used");
    }

    [Test]
    public async Task AssumeRole_WithAnotherUsersMfaDevice_ReturnsAccessDenied()
    {
        var f = new StsServiceFixture();
        var bob = StsCaller.ForUser(StsServiceFixture.Account, "arn:aws:iam::123456789012:user/bob", "AIDAEXAMPLEBOB1234567");

        var result = await f.Service.AssumeRoleAsync(bob, Request() with { SerialNumber = StsServiceFixture.MfaSerial, TokenCode = f.CurrentCode() });

        result.Error!.Code.Should().Be("AccessDenied");
        result.Error.Message.Should().Contain("no enabled MFA device");
    }

    [Test]
    public async Task AssumeRole_SerialNumberWithoutTokenCode_ReturnsAccessDenied()
    {
        var f = new StsServiceFixture();
        var result = await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, Request() with { SerialNumber = StsServiceFixture.MfaSerial });
        result.Error!.Code.Should().Be("AccessDenied");
    }

    [Test]
    public async Task AssumeRole_TokenCodeNotSixDigits_ReturnsValidationError()
    {
        var f = new StsServiceFixture();
        var result = await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, Request() with { SerialNumber = StsServiceFixture.MfaSerial, TokenCode = "12a456" });
        result.Error!.Message.Should().Contain(@"at 'tokenCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [\d]*");
    }

    [Test]
    public async Task AssumeRole_MalformedRoleArn_ReturnsValidationError()
    {
        var f = new StsServiceFixture();
        var result = await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, new AssumeRoleRequest { RoleArn = "arn:aws:s3:::bucket/not-a-role", RoleSessionName = "s1" });
        result.Error!.Code.Should().Be("ValidationError");
        result.Error.Message.Should().Contain("'roleArn'");
    }
}
