using System.Text;
using Microsoft.Extensions.Time.Testing;
using Sts.Core.SecurityToken;
using Sts.Core.Tokens;
using Sts.Policy;

namespace Sts.Core.Tests.SecurityToken;

/// <summary>A service wired to real sealing, TOTP and clock, with test doubles for the IAM store and policy decisions.</summary>
internal sealed class StsServiceFixture
{
    internal const string Account = "123456789012";
    internal const string RoleArn = "arn:aws:iam::123456789012:role/app/team/Deployer";
    internal const string UserArn = "arn:aws:iam::123456789012:user/alice";
    internal const string UserId = "AIDAEXAMPLEALICE12345";
    internal const string MfaSerial = "arn:aws:iam::123456789012:mfa/alice";

    internal static readonly byte[] MfaSecret = Encoding.ASCII.GetBytes("12345678901234567890");

    internal StsServiceFixture()
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        Ring = SessionKeyRing.CreateWithNewKey();
        Sealer = new SessionTokenSealer(Ring, Clock);
        Messages = new AuthorizationMessageSealer(Ring);
        Roles.Add(Role(RoleArn, "AROAEXAMPLEDEPLOYER12", maxSessionSeconds: 43200));
        MfaDevices.Add(new MfaDevice(MfaSerial, UserArn, MfaSecret));
        Service = new StsService(Sealer, Roles, Decider, MfaDevices, new TotpVerifier(Clock), AccessKeys, Messages, Clock);
    }

    internal FakeTimeProvider Clock { get; }

    internal SessionKeyRing Ring { get; }

    internal SessionTokenSealer Sealer { get; }

    internal AuthorizationMessageSealer Messages { get; }

    internal InMemoryRoles Roles { get; } = new();

    internal ScriptedDecider Decider { get; } = new();

    internal InMemoryMfaDevices MfaDevices { get; } = new();

    internal InMemoryAccessKeys AccessKeys { get; } = new();

    internal StsService Service { get; }

    internal static StsCaller Alice => StsCaller.ForUser(Account, UserArn, UserId);

    internal static StsRole Role(string arn, string id, int maxSessionSeconds = 3600)
    {
        var trust = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"{{UserArn}}"},"Action":["sts:AssumeRole","sts:TagSession","sts:SetSourceIdentity"]}]}""";
        var parsed = PolicyParser.Parse(trust, PolicyKind.Trust);
        return new StsRole
        {
            Arn = arn,
            RoleId = id,
            Account = Arn.Parse(arn).Account,
            MaxSessionDurationSeconds = maxSessionSeconds,
            TrustPolicy = parsed.Document ?? throw new InvalidOperationException(parsed.FirstError?.Message),
        };
    }

    internal string CurrentCode() => Totp.Compute(MfaSecret, Clock.GetUtcNow());

    internal async Task<StsCaller> SessionOf(StsResult<AssumeRoleResponse> response)
    {
        await Task.CompletedTask;
        var credentials = response.Value.Credentials;
        var opened = Sealer.Open(credentials.SessionToken, credentials.AccessKeyId);
        return StsCaller.ForSession(opened.Value);
    }
}
