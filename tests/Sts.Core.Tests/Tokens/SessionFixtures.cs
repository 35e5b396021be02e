using System.Collections.Immutable;
using Microsoft.Extensions.Time.Testing;
using Sts.Core.Tokens;

namespace Sts.Core.Tests.Tokens;

/// <summary>Sessions and clocks shared by the token tests.</summary>
internal static class SessionFixtures
{
    internal static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    internal static FakeTimeProvider Clock() => new(Now);

    /// <summary>A role session as AssumeRole mints it, without session policy or tags.</summary>
    internal static SessionState RoleSession(string account = "123456789012", string roleName = "ReadOnly", string sessionName = "alice") => new()
    {
        AccessKeyId = TemporaryCredentialFactory.NewAccessKeyId(),
        SecretAccessKey = TemporaryCredentialFactory.NewSecretAccessKey(),
        Kind = SessionPrincipalKind.AssumedRole,
        Account = account,
        RoleArn = $"arn:aws:iam::{account}:role/{roleName}",
        RoleId = "AROAQ3EGNKP5EXAMPLE12",
        RoleSessionName = sessionName,
        IssuedAt = Now,
        Expiration = Now.AddHours(1),
    };

    /// <summary>A web identity session with every optional field set.</summary>
    internal static SessionState FullSession() => new()
    {
        AccessKeyId = TemporaryCredentialFactory.NewAccessKeyId(),
        SecretAccessKey = TemporaryCredentialFactory.NewSecretAccessKey(),
        Kind = SessionPrincipalKind.WebIdentity,
        Account = "210987654321",
        RoleArn = "arn:aws:iam::210987654321:role/team/app/Uploader",
        RoleId = "AROAEXAMPLEEXAMPLE123",
        RoleSessionName = "ci@example.com",
        SessionPolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}]}""",
        PolicyArns = ["arn:aws:iam::210987654321:policy/Narrow", "arn:aws:iam::aws:policy/ReadOnlyAccess"],
        Tags = [new SessionTag("Project", "Blue"), new SessionTag("CostCenter", "42"), new SessionTag("Empty", "")],
        TransitiveTagKeys = ["project"],
        SourceIdentity = "alice-laptop",
        MultiFactorAuthenticatedAt = Now.AddMinutes(-7),
        ChainDepth = 2,
        WebIdentityProvider = "token.actions.example.com/realm",
        WebIdentitySubject = "repo:org/app:ref:refs/heads/main",
        WebIdentityAudience = "sts.amazonaws.com",
        WebIdentityAuthenticationMethods = ["pwd", "mfa"],
        IssuedAt = Now,
        Expiration = Now.AddHours(12),
    };

    /// <summary>A GetSessionToken session of an IAM user.</summary>
    internal static SessionState UserSession() => new()
    {
        AccessKeyId = TemporaryCredentialFactory.NewAccessKeyId(),
        SecretAccessKey = TemporaryCredentialFactory.NewSecretAccessKey(),
        Kind = SessionPrincipalKind.UserSession,
        Account = "123456789012",
        CallerArn = "arn:aws:iam::123456789012:user/division/bob",
        CallerUserId = "AIDAEXAMPLEEXAMPLE123",
        MultiFactorAuthenticatedAt = Now,
        IssuedAt = Now,
        Expiration = Now.AddHours(36),
    };

    internal static ImmutableArray<SessionTag> Tags(int count, int keyLength, int valueLength) =>
        [.. Enumerable.Range(0, count).Select(i => new SessionTag($"k{i:D2}".PadRight(keyLength, 'x'), new string((char)('a' + (i % 26)), valueLength)))];
}
