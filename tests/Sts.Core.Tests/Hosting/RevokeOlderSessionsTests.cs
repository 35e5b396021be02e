using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sts.Core.Accounts;
using Sts.Core.DependencyInjection;
using Sts.Core.Hosting;
using Sts.Core.Iam;
using Sts.Core.Iam.Requests;
using Sts.Core.SecurityToken;
using Sts.Core.Tests.Telemetry;
using Sts.Policy.Evaluation;

namespace Sts.Core.Tests.Hosting;

/// <summary>
/// <c>aws:TokenIssueTime</c> and AWS's "revoke active sessions" policy (an inline policy denying everything to sessions
/// issued before a time: <c>DateLessThan aws:TokenIssueTime</c>), for role sessions and GetSessionToken sessions, on S3
/// (requests signed by botocore), STS and IAM, all wired by <c>AddSts</c>.
/// </summary>
public sealed class RevokeOlderSessionsTests
{
    private const string Account = "123456789012";
    private const string Trust = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}}""";
    private const string Allow = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["s3:GetObject","iam:ListRoles","sts:DecodeAuthorizationMessage","sts:AssumeRole"],"Resource":"*"}}""";

    private ServiceProvider _provider = null!;
    private FakeTimeProvider _clock = null!;
    private IamService _iam = null!;
    private StsService _sts = null!;
    private DateTimeOffset _cutoff;

    [SetUp]
    public async Task Start()
    {
        // The verifier checks botocore's signing time against the clock: start the fake clock a minute before the real one.
        var (_, realNow) = BotocoreSigner.SignGet("/probe/clock", "AKIAIOSFODNN7EXAMPLE", "probe");
        _clock = new FakeTimeProvider(realNow.AddMinutes(-1));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddSts();
        _provider = services.BuildServiceProvider();
        _iam = _provider.GetRequiredService<IamService>();
        _sts = _provider.GetRequiredService<StsService>();
        var root = IamPrincipal.Root(AccountId.Parse(Account));
        (await _iam.CreateRoleAsync(root, new CreateRoleRequest("Revocable", Trust))).IsSuccess.Should().BeTrue();
        (await _iam.PutRolePolicyAsync(root, new PutRolePolicyRequest("Revocable", "allow", Allow))).IsSuccess.Should().BeTrue();
        (await _iam.CreateUserAsync(root, new CreateUserRequest("alice"))).IsSuccess.Should().BeTrue();
        (await _iam.PutUserPolicyAsync(root, new PutUserPolicyRequest("alice", "allow", Allow))).IsSuccess.Should().BeTrue();
        _cutoff = _clock.GetUtcNow().AddSeconds(5);
    }

    [TearDown]
    public async Task Stop() => await _provider.DisposeAsync();

    private static string RevokeBefore(DateTimeOffset cutoff) =>
        """{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":["*"],"Resource":["*"],"Condition":{"DateLessThan":{"aws:TokenIssueTime":"CUTOFF"}}}}"""
            .Replace("CUTOFF", cutoff.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), StringComparison.Ordinal);

    [Test]
    public async Task RoleSessions_RevokeOlderSessionsPolicy_DeniesSessionsIssuedBeforeOnS3StsAndIam_AllowsNewerOnes()
    {
        var older = await AssumeAsync();
        _clock.Advance(TimeSpan.FromSeconds(10));
        (await _iam.PutRolePolicyAsync(IamPrincipal.Root(AccountId.Parse(Account)), new PutRolePolicyRequest("Revocable", "AWSRevokeOlderSessions", RevokeBefore(_cutoff)))).IsSuccess.Should().BeTrue();
        var newer = await AssumeAsync();

        (await S3Async(older)).Should().Be(PolicyDecision.ExplicitDeny);
        (await S3Async(newer)).Should().Be(PolicyDecision.Allow);
        (await IamAsync(older)).Should().Be("AccessDenied");
        (await IamAsync(newer)).Should().BeNull();
        (await StsAsync(older)).Should().Be("AccessDenied");
        (await StsAsync(newer)).Should().Be("InvalidAuthorizationMessageException");
    }

    [Test]
    public async Task RoleSessions_NoRevokePolicy_EverySessionAllowed()
    {
        var older = await AssumeAsync();
        _clock.Advance(TimeSpan.FromSeconds(10));

        (await S3Async(older)).Should().Be(PolicyDecision.Allow);
        (await IamAsync(older)).Should().BeNull();
        (await StsAsync(older)).Should().Be("InvalidAuthorizationMessageException");
    }

    [Test]
    public async Task GetSessionTokenSessions_RevokeOlderSessionsUserPolicy_DeniesOlderSessionsOnS3AndSts_LongTermKeyAndNewerSessionAllowed()
    {
        var root = IamPrincipal.Root(AccountId.Parse(Account));
        var key = (await _iam.CreateAccessKeyAsync(root, new CreateAccessKeyRequest("alice"))).Value;
        var alice = (await ResolveAsync(key.AccessKeyId, null)).Caller;
        var older = (await _sts.GetSessionTokenAsync(alice, new GetSessionTokenRequest())).Value.Credentials;
        _clock.Advance(TimeSpan.FromSeconds(10));
        (await _iam.PutUserPolicyAsync(root, new PutUserPolicyRequest("alice", "AWSRevokeOlderSessions", RevokeBefore(_cutoff)))).IsSuccess.Should().BeTrue();
        var newer = (await _sts.GetSessionTokenAsync(alice, new GetSessionTokenRequest())).Value.Credentials;

        (await S3Async(older)).Should().Be(PolicyDecision.ExplicitDeny);
        (await S3Async(newer)).Should().Be(PolicyDecision.Allow);
        (await S3Async(new TemporaryCredentials(key.AccessKeyId, key.SecretAccessKey, null!, _clock.GetUtcNow()))).Should().Be(PolicyDecision.Allow);
        var assumeOlder = await _sts.AssumeRoleAsync((await ResolveAsync(older.AccessKeyId, older.SessionToken)).Caller, new AssumeRoleRequest { RoleArn = $"arn:aws:iam::{Account}:role/Revocable", RoleSessionName = "from-older" });
        var assumeNewer = await _sts.AssumeRoleAsync((await ResolveAsync(newer.AccessKeyId, newer.SessionToken)).Caller, new AssumeRoleRequest { RoleArn = $"arn:aws:iam::{Account}:role/Revocable", RoleSessionName = "from-newer" });
        assumeOlder.Error?.Code.Should().Be("AccessDenied");
        assumeNewer.IsSuccess.Should().BeTrue(assumeNewer.Error?.Message);
    }

    [Test]
    public async Task ResolvedRoleSession_CarriesItsIssueTimeToIam_LongTermKeyCarriesNone()
    {
        var issuedAt = _clock.GetUtcNow();
        var session = await AssumeAsync();
        var key = (await _iam.CreateAccessKeyAsync(IamPrincipal.Root(AccountId.Parse(Account)), new CreateAccessKeyRequest("alice"))).Value;

        var sessionPrincipal = (await ResolveAsync(session.AccessKeyId, session.SessionToken)).Principal;
        var userPrincipal = (await ResolveAsync(key.AccessKeyId, null)).Principal;

        Assert.That(sessionPrincipal.SessionIssuedAt, Is.EqualTo(issuedAt.AddTicks(-(issuedAt.Ticks % TimeSpan.TicksPerSecond))));
        Assert.That(userPrincipal.SessionIssuedAt, Is.Null);
    }

    private async Task<TemporaryCredentials> AssumeAsync()
    {
        var assumed = await _sts.AssumeRoleAsync(StsCaller.ForAccountRoot(Account), new AssumeRoleRequest { RoleArn = $"arn:aws:iam::{Account}:role/Revocable", RoleSessionName = "session" });
        assumed.IsSuccess.Should().BeTrue(assumed.Error?.Message);
        return assumed.Value.Credentials;
    }

    private async Task<AuthenticatedCaller> ResolveAsync(string accessKeyId, string? sessionToken)
    {
        var resolved = await _provider.GetRequiredService<StsCredentialResolver>().ResolveAsync(accessKeyId, sessionToken, CancellationToken.None);
        resolved.IsSuccess.Should().BeTrue(resolved.FailureMessage);
        return (AuthenticatedCaller)resolved.Identity!;
    }

    private async Task<PolicyDecision> S3Async(TemporaryCredentials credentials)
    {
        var (request, signedAt) = BotocoreSigner.SignGet("/photos/cat.jpg", credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken);
        _clock.SetUtcNow(signedAt > _clock.GetUtcNow() ? signedAt : _clock.GetUtcNow());
        var result = await _provider.GetRequiredService<S3RequestAuthorizer>().AuthorizeAsync(request);
        result.Caller.Should().NotBeNull(result.Reason);
        return result.Decision;
    }

    private async Task<string?> IamAsync(TemporaryCredentials credentials)
    {
        var caller = await ResolveAsync(credentials.AccessKeyId, credentials.SessionToken);
        return (await _iam.ListRolesAsync(caller.Principal, new ListRolesRequest())).Error?.Code;
    }

    private async Task<string?> StsAsync(TemporaryCredentials credentials)
    {
        var caller = await ResolveAsync(credentials.AccessKeyId, credentials.SessionToken);
        return (await _sts.DecodeAuthorizationMessageAsync(caller.Caller, "not-a-sealed-message")).Error?.Code;
    }
}
