using System.Collections.Immutable;
using Microsoft.Extensions.Time.Testing;
using Sts.Core.SecurityToken;
using Sts.Core.Tokens;
using Sts.Policy;
using Sts.Policy.Evaluation;

namespace Sts.Core.Tests.SecurityToken;

/// <summary>AssumeRole decided by the real policy evaluator (<see cref="PolicyEvaluatorStsDecider"/>): AWS's trust rules end to end.</summary>
public class StsServiceTrustTests
{
    private const string Account = "123456789012";
    private const string OtherAccount = "210987654321";
    private const string RoleArn = "arn:aws:iam::123456789012:role/ops/Target";
    private const string UserArn = "arn:aws:iam::123456789012:user/alice";
    private const string OtherUserArn = "arn:aws:iam::210987654321:user/carol";

    private static readonly StsCaller Alice = StsCaller.ForUser(Account, UserArn, "AIDAEXAMPLEALICE12345");
    private static readonly StsCaller Carol = StsCaller.ForUser(OtherAccount, OtherUserArn, "AIDAEXAMPLECAROL12345");

    private const string AllowAssumeAnyRole = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}""";
    private const string DenyAssumeRole = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"},{"Effect":"Deny","Action":"sts:AssumeRole","Resource":"arn:aws:iam::123456789012:role/ops/*"}]}""";

    private static (StsService Service, FakeTimeProvider Clock) Build(string trust, Dictionary<string, string?> identityByCaller)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        var ring = SessionKeyRing.CreateWithNewKey();
        var roles = new InMemoryRoles();
        var parsed = PolicyParser.Parse(trust, PolicyKind.Trust);
        roles.Add(new StsRole { Arn = RoleArn, RoleId = "AROAEXAMPLETARGET1234", Account = Account, MaxSessionDurationSeconds = 3600, TrustPolicy = parsed.Document ?? throw new InvalidOperationException(parsed.FirstError?.Message) });
        var decider = new PolicyEvaluatorStsDecider(new CallerPolicies(identityByCaller));
        var service = new StsService(new SessionTokenSealer(ring, clock), roles, decider, new InMemoryMfaDevices(), new TotpVerifier(clock), new InMemoryAccessKeys(), new AuthorizationMessageSealer(ring), clock);
        return (service, clock);
    }

    private static string Trust(string principal, string actions = "\"sts:AssumeRole\"", string condition = "") =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"{{principal}}"},"Action":[{{actions}}]{{condition}}}]}""";

    private static AssumeRoleRequest Request => new() { RoleArn = RoleArn, RoleSessionName = "s1" };

    [Test]
    public async Task AssumeRole_TrustNamesTheUser_AllowedWithoutIdentityPolicy()
    {
        var (service, _) = Build(Trust(UserArn), new() { [UserArn] = null });
        var result = await service.AssumeRoleAsync(Alice, Request);
        result.IsSuccess.Should().BeTrue(result.Error?.ToString());
    }

    [Test]
    public async Task AssumeRole_TrustNamesTheAccountAndIdentityAllows_Allowed()
    {
        var (service, _) = Build(Trust("arn:aws:iam::123456789012:root"), new() { [UserArn] = AllowAssumeAnyRole });
        (await service.AssumeRoleAsync(Alice, Request)).IsSuccess.Should().BeTrue();
    }

    [Test]
    public async Task AssumeRole_TrustNamesTheAccountButIdentityDoesNotAllow_AccessDenied()
    {
        var (service, _) = Build(Trust("123456789012"), new() { [UserArn] = null });
        var result = await service.AssumeRoleAsync(Alice, Request);
        result.Error!.Code.Should().Be("AccessDenied");
        result.Error.Message.Should().Be($"User: {UserArn} is not authorized to perform: sts:AssumeRole on resource: {RoleArn}");
    }

    [Test]
    public async Task AssumeRole_IdentityExplicitlyDenies_AccessDeniedEvenWhenTrustNamesTheUser()
    {
        var (service, _) = Build(Trust(UserArn), new() { [UserArn] = DenyAssumeRole });
        (await service.AssumeRoleAsync(Alice, Request)).Error!.Code.Should().Be("AccessDenied");
    }

    [Test]
    public async Task AssumeRole_CrossAccountWithBothSidesAllowing_Allowed()
    {
        var (service, _) = Build(Trust(OtherUserArn), new() { [OtherUserArn] = AllowAssumeAnyRole });
        (await service.AssumeRoleAsync(Carol, Request)).IsSuccess.Should().BeTrue();
    }

    [Test]
    public async Task AssumeRole_CrossAccountWithoutCallerIdentityAllow_AccessDenied()
    {
        var (service, _) = Build(Trust(OtherUserArn), new() { [OtherUserArn] = null });
        (await service.AssumeRoleAsync(Carol, Request)).Error!.Code.Should().Be("AccessDenied");
    }

    [Test]
    public async Task AssumeRole_TrustNotNamingTheCaller_AccessDenied()
    {
        var (service, _) = Build(Trust("arn:aws:iam::123456789012:user/bob"), new() { [UserArn] = AllowAssumeAnyRole });
        (await service.AssumeRoleAsync(Alice, Request)).Error!.Code.Should().Be("AccessDenied");
    }

    [Test]
    public async Task AssumeRole_TrustRequiringExternalId_AllowsOnlyTheRightOne()
    {
        var trust = Trust(UserArn, condition: ""","Condition":{"StringEquals":{"sts:ExternalId":"partner-4711"}}""");
        var (service, _) = Build(trust, new() { [UserArn] = null });

        (await service.AssumeRoleAsync(Alice, Request)).Error!.Code.Should().Be("AccessDenied", "a missing ExternalId fails the condition");
        (await service.AssumeRoleAsync(Alice, Request with { ExternalId = "partner-0000" })).Error!.Code.Should().Be("AccessDenied");
        (await service.AssumeRoleAsync(Alice, Request with { ExternalId = "partner-4711" })).IsSuccess.Should().BeTrue();
    }

    [Test]
    public async Task AssumeRole_TrustRequiringMfa_AllowsOnlyWithAValidCode()
    {
        var trust = Trust(UserArn, condition: ""","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"},"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"}}""");
        var (service, clock) = Build(trust, new() { [UserArn] = null });
        var secret = "12345678901234567890"u8.ToArray();
        var devices = new InMemoryMfaDevices();
        devices.Add(new MfaDevice("arn:aws:iam::123456789012:mfa/alice", UserArn, secret));
        var ring = SessionKeyRing.CreateWithNewKey();
        var roles = new InMemoryRoles();
        roles.Add(new StsRole { Arn = RoleArn, RoleId = "AROAEXAMPLETARGET1234", Account = Account, MaxSessionDurationSeconds = 3600, TrustPolicy = PolicyParser.Parse(trust, PolicyKind.Trust).Document! });
        service = new StsService(new SessionTokenSealer(ring, clock), roles, new PolicyEvaluatorStsDecider(new CallerPolicies(new() { [UserArn] = null })), devices, new TotpVerifier(clock), new InMemoryAccessKeys(), new AuthorizationMessageSealer(ring), clock);

        (await service.AssumeRoleAsync(Alice, Request)).Error!.Code.Should().Be("AccessDenied");
        var withMfa = await service.AssumeRoleAsync(Alice, Request with { SerialNumber = "arn:aws:iam::123456789012:mfa/alice", TokenCode = Totp.Compute(secret, clock.GetUtcNow()) });
        withMfa.IsSuccess.Should().BeTrue(withMfa.Error?.ToString());
    }

    [Test]
    public async Task AssumeRole_TagsWithoutTagSessionInTrust_AccessDeniedNamingTagSession()
    {
        var (service, _) = Build(Trust(UserArn), new() { [UserArn] = null });
        var result = await service.AssumeRoleAsync(Alice, Request with { Tags = [new SessionTag("Project", "Blue")] });
        result.Error!.Message.Should().Contain("sts:TagSession");
    }

    [Test]
    public async Task AssumeRole_TagsAllowedByTrustCondition_Allowed()
    {
        var trust = Trust(UserArn, "\"sts:AssumeRole\",\"sts:TagSession\"", ""","Condition":{"StringEqualsIfExists":{"aws:RequestTag/Project":"Blue"}}""");
        var (service, _) = Build(trust, new() { [UserArn] = null });

        (await service.AssumeRoleAsync(Alice, Request with { Tags = [new SessionTag("Project", "Blue")] })).IsSuccess.Should().BeTrue();
        (await service.AssumeRoleAsync(Alice, Request with { Tags = [new SessionTag("Project", "Red")] })).Error!.Code.Should().Be("AccessDenied");
    }

    [Test]
    public async Task AssumeRole_ChainedFromRoleSessionNamedByRoleArn_Allowed()
    {
        var trust = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["{{UserArn}}","{{RoleArn}}"]},"Action":"sts:AssumeRole"}]}""";
        var (service, _) = Build(trust, new() { [UserArn] = null, ["arn:aws:sts::123456789012:assumed-role/Target/s1"] = AllowAssumeAnyRole });
        var first = await service.AssumeRoleAsync(Alice, Request);
        var session = StsCaller.ForSession(first.Value.Session);

        var chained = await service.AssumeRoleAsync(session, Request with { RoleSessionName = "s2" });

        chained.IsSuccess.Should().BeTrue(chained.Error?.ToString());
        chained.Value.Session.ChainDepth.Should().Be(1);
    }

    private sealed class CallerPolicies(Dictionary<string, string?> identityByCaller) : ICallerPolicySource
    {
        public ValueTask<PolicyEvaluationInput?> GetPoliciesAsync(StsCaller caller, CancellationToken cancellationToken = default)
        {
            if (!identityByCaller.TryGetValue(caller.Arn, out var text))
            {
                return ValueTask.FromResult<PolicyEvaluationInput?>(null);
            }

            var policies = text is null
                ? PolicySet.Empty
                : new PolicySet([CompiledPolicy.Compile(PolicyParser.Parse(text, PolicyKind.Identity).Document!, "inline", PolicySource.Identity)]);
            return ValueTask.FromResult<PolicyEvaluationInput?>(new PolicyEvaluationInput { IdentityPolicies = policies });
        }
    }
}
