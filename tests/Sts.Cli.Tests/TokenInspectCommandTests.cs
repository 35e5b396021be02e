using Microsoft.Extensions.Time.Testing;
using Sts.Core.Tokens;

namespace Sts.Cli.Tests;

/// <summary>
/// <c>sts token inspect</c> against tokens minted through the public sealing API (<see cref="SessionTokenSealer.Seal"/>),
/// so a change of the token format inside the sealer does not touch these tests.
/// </summary>
public class TokenInspectCommandTests
{
    private static readonly DateTimeOffset IssuedAt = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private string _directory = null!;
    private string _ringFile = null!;
    private SessionKeyRing _ring = null!;

    [SetUp]
    public void WriteKeyRing()
    {
        _directory = Directory.CreateTempSubdirectory("sts-token-inspect-").FullName;
        _ring = SessionKeyRing.CreateWithNewKey();
        _ring.Rotate();
        _ringFile = Path.Combine(_directory, "session-keys");
        File.WriteAllBytes(_ringFile, _ring.Export());
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void Inspect_RoleSessionWithEveryField_PrintsTheSessionWithoutTheSecret()
    {
        var session = RoleSession();
        var token = Seal(session);

        var (code, stdout, stderr) = Inspect(IssuedAt.AddMinutes(20), ["inspect", "--key-ring", _ringFile, "--access-key-id", session.AccessKeyId, token]);

        Assert.That(code, Is.Zero, stderr);
        stderr.Should().BeEmpty();
        stdout.Should().Contain("status:           valid for 40m00s (until 2026-11-27T13:00:00Z)")
            .And.Contain("principal:        arn:aws:sts::123456789012:assumed-role/Deployer/build-7")
            .And.Contain("principal id:     AROAQ3EGNKP5EXAMPLE12:build-7")
            .And.Contain("kind:             AssumedRole")
            .And.Contain("account:          123456789012")
            .And.Contain("role:             arn:aws:iam::123456789012:role/ci/Deployer (AROAQ3EGNKP5EXAMPLE12)")
            .And.Contain($"access key id:    {session.AccessKeyId}")
            .And.Contain("issued:           2026-11-27T12:00:00Z")
            .And.Contain("mfa:              yes, authenticated 2026-11-27T11:55:00Z")
            .And.Contain("chain depth:      1")
            .And.Contain("source identity:  alice-laptop")
            .And.Contain("session policy:   {\"Version\":\"2012-10-17\"")
            .And.Contain("policy arns:      arn:aws:iam::123456789012:policy/Narrow")
            .And.Contain("tags:             Project=Blue (transitive), CostCenter=42");
        stdout.Should().NotContain(session.SecretAccessKey).And.NotContain(token);
    }

    [Test]
    public void Inspect_ExpiredSession_StillShowsItAndSaysExpired()
    {
        var session = RoleSession();
        var token = Seal(session);

        var (code, stdout, _) = Inspect(IssuedAt.AddHours(3), ["inspect", "--key-ring", _ringFile, "--access-key-id", session.AccessKeyId, token]);

        Assert.That(code, Is.Zero);
        stdout.Should().Contain("status:           expired 2h00m ago (at 2026-11-27T13:00:00Z): requests answer ExpiredToken")
            .And.Contain("principal:        arn:aws:sts::123456789012:assumed-role/Deployer/build-7");
    }

    [Test]
    public void Inspect_TokenFromStdinAndRingFromEnvironment_Opens()
    {
        var session = RoleSession();
        var token = Seal(session);

        var (code, stdout, stderr) = Inspect(IssuedAt, ["inspect", "--access-key-id", session.AccessKeyId], stdin: token + "\n", ringVariable: _ringFile);

        Assert.That(code, Is.Zero, stderr);
        stdout.Should().Contain("principal:        arn:aws:sts::123456789012:assumed-role/Deployer/build-7");
    }

    [Test]
    public void Inspect_AlteredToken_OneLineErrorAndExitOne()
    {
        var session = RoleSession();
        var token = Seal(session);
        var altered = token[..40] + (token[40] == 'A' ? 'B' : 'A') + token[41..];

        var (code, stdout, stderr) = Inspect(IssuedAt, ["inspect", "--key-ring", _ringFile, "--access-key-id", session.AccessKeyId, altered]);

        Assert.That(code, Is.EqualTo(1));
        stdout.Should().BeEmpty();
        stderr.TrimEnd().Should().NotContain("\n").And.StartWith("error: the session token does not open with access key id")
            .And.NotContain(altered);
    }

    [Test]
    public void Inspect_TokenSealedUnderAnotherRing_OneLineErrorAndExitOne()
    {
        var session = RoleSession();
        var foreign = new SessionTokenSealer(SessionKeyRing.CreateWithNewKey(), new FakeTimeProvider(IssuedAt)).Seal(session).Value.Token;

        var (code, _, stderr) = Inspect(IssuedAt, ["inspect", "--key-ring", _ringFile, "--access-key-id", session.AccessKeyId, foreign]);

        Assert.That(code, Is.EqualTo(1));
        stderr.TrimEnd().Should().NotContain("\n").And.Contain($"(keys {string.Join(", ", _ring.KeyIds)})");
    }

    [Test]
    public void Inspect_KeyRetiredFromTheRing_OneLineErrorAndExitOne()
    {
        var session = RoleSession();
        var token = Seal(session);
        var sealingKey = _ring.ActiveKeyId;
        _ring.Rotate();
        _ring.Retire(sealingKey);
        File.WriteAllBytes(_ringFile, _ring.Export());

        var (code, _, stderr) = Inspect(IssuedAt, ["inspect", "--key-ring", _ringFile, "--access-key-id", session.AccessKeyId, token]);

        Assert.That(code, Is.EqualTo(1));
        stderr.Should().StartWith("error: the session token does not open");
    }

    [Test]
    public void Inspect_AnotherAccessKeyId_OneLineErrorAndExitOne()
    {
        var token = Seal(RoleSession());

        var (code, _, stderr) = Inspect(IssuedAt, ["inspect", "--key-ring", _ringFile, "--access-key-id", TemporaryCredentialFactory.NewAccessKeyId(), token]);

        Assert.That(code, Is.EqualTo(1));
        stderr.Should().StartWith("error: the session token does not open");
    }

    [Test]
    public void Inspect_KeyRingFileNotARing_SaysWhichLineAndExitTwo()
    {
        File.WriteAllText(_ringFile, "key 1 c2hvcnQ=\nactive 1\n");

        var (code, _, stderr) = Inspect(IssuedAt, ["inspect", "--key-ring", _ringFile, "--access-key-id", "ASIAAAAAAAAAAAAAAAAA", "token"]);

        Assert.That(code, Is.EqualTo(2));
        stderr.TrimEnd().Should().Be($"error: {_ringFile} is not a key ring: line 1: key 1 is not 32 bytes of Base64");
    }

    [Test]
    public void Inspect_NoKeyRing_UsageErrorNamingTheVariable()
    {
        var (code, _, stderr) = Inspect(IssuedAt, ["inspect", "--access-key-id", "ASIAAAAAAAAAAAAAAAAA", "token"]);

        Assert.That(code, Is.EqualTo(2));
        stderr.Should().StartWith("error: no key ring: pass --key-ring FILE or set STS_KEY_RING_FILE");
    }

    [Test]
    public void Inspect_MissingKeyRingFile_ExitTwo()
    {
        var (code, _, stderr) = Inspect(IssuedAt, ["inspect", "--key-ring", Path.Combine(_directory, "missing"), "--access-key-id", "ASIAAAAAAAAAAAAAAAAA", "token"]);

        Assert.That(code, Is.EqualTo(2));
        stderr.Should().StartWith("error: cannot read the key ring ");
    }

    [Test]
    public void Inspect_WithoutAccessKeyId_UsageError()
    {
        var (code, _, stderr) = Inspect(IssuedAt, ["inspect", "--key-ring", _ringFile, "token"]);

        Assert.That(code, Is.EqualTo(2));
        stderr.Should().StartWith("error: --access-key-id is required");
    }

    [Test]
    public void Run_TokenCommandThroughTheCommandLine_Dispatches()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = CommandLine.Run(["token", "inspect", "--help"], new StringReader(string.Empty), stdout, stderr);

        Assert.That(code, Is.Zero);
        stdout.ToString().Should().StartWith("usage: sts token inspect");
    }

    private static SessionState RoleSession() => new()
    {
        AccessKeyId = TemporaryCredentialFactory.NewAccessKeyId(),
        SecretAccessKey = TemporaryCredentialFactory.NewSecretAccessKey(),
        Kind = SessionPrincipalKind.AssumedRole,
        Account = "123456789012",
        RoleArn = "arn:aws:iam::123456789012:role/ci/Deployer",
        RoleId = "AROAQ3EGNKP5EXAMPLE12",
        RoleSessionName = "build-7",
        SessionPolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}]}""",
        PolicyArns = ["arn:aws:iam::123456789012:policy/Narrow"],
        Tags = [new SessionTag("Project", "Blue"), new SessionTag("CostCenter", "42")],
        TransitiveTagKeys = ["Project"],
        SourceIdentity = "alice-laptop",
        MultiFactorAuthenticatedAt = IssuedAt.AddMinutes(-5),
        ChainDepth = 1,
        IssuedAt = IssuedAt,
        Expiration = IssuedAt.AddHours(1),
    };

    private string Seal(SessionState session) => new SessionTokenSealer(_ring, new FakeTimeProvider(IssuedAt)).Seal(session).Value.Token;

    private static (int Code, string Stdout, string Stderr) Inspect(DateTimeOffset now, string[] args, string stdin = "", string? ringVariable = null)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = TokenCommands.Run(
            args, new StringReader(stdin), stdout, stderr, name => name == TokenCommands.KeyRingVariable ? ringVariable : null, new FakeTimeProvider(now));
        return (code, stdout.ToString(), stderr.ToString());
    }
}
