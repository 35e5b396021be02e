using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Sts.Core.Tokens;

namespace Sts.Core.Tests.Tokens;

public class SessionTokenSealerTests
{
    private static (SessionTokenSealer Sealer, SessionKeyRing Ring, Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock) NewSealer(SessionRevocationList? revocations = null)
    {
        var ring = SessionKeyRing.CreateWithNewKey();
        var clock = SessionFixtures.Clock();
        return (new SessionTokenSealer(ring, clock, revocations), ring, clock);
    }

    private static string SealToken(SessionTokenSealer sealer, SessionState session) => sealer.Seal(session).Value.Token;

    [Test]
    public void Open_SealedRoleSession_ReturnsEqualSession()
    {
        var (sealer, _, _) = NewSealer();
        var session = SessionFixtures.RoleSession();

        var opened = sealer.Open(SealToken(sealer, session), session.AccessKeyId);

        opened.IsSuccess.Should().BeTrue(opened.Error?.ToString());
        opened.Value.Should().BeEquivalentTo(session);
        opened.Value.PrincipalArn.Should().Be("arn:aws:sts::123456789012:assumed-role/ReadOnly/alice");
    }

    [Test]
    public void Open_SealedSessionWithEveryField_ReturnsEqualSession()
    {
        var (sealer, _, _) = NewSealer();
        var session = SessionFixtures.FullSession();

        var opened = sealer.Open(SealToken(sealer, session), session.AccessKeyId);

        opened.IsSuccess.Should().BeTrue(opened.Error?.ToString());
        opened.Value.Should().BeEquivalentTo(session);
        opened.Value.IsMultiFactorAuthenticated.Should().BeTrue();
        opened.Value.PrincipalArn.Should().Be("arn:aws:sts::210987654321:assumed-role/Uploader/ci@example.com");
    }

    [Test]
    public void Open_SealedUserSession_ReturnsEqualSession()
    {
        var (sealer, _, _) = NewSealer();
        var session = SessionFixtures.UserSession();

        var opened = sealer.Open(SealToken(sealer, session), session.AccessKeyId);

        opened.Value.Should().BeEquivalentTo(session);
        opened.Value.PrincipalArn.Should().Be("arn:aws:iam::123456789012:user/division/bob");
        opened.Value.PrincipalId.Should().Be("AIDAEXAMPLEEXAMPLE123");
    }

    [Test]
    public void Open_SealedSessionOfRoleWithUnusualArn_KeepsTheArnExactly()
    {
        var (sealer, _, _) = NewSealer();
        var session = new SessionState
        {
            AccessKeyId = TemporaryCredentialFactory.NewAccessKeyId(),
            SecretAccessKey = TemporaryCredentialFactory.NewSecretAccessKey(),
            Kind = SessionPrincipalKind.AssumedRole,
            Account = "",
            RoleArn = "arn:aws-cn:iam:::role/R",
            RoleId = "AROAEXAMPLEEXAMPLE123",
            RoleSessionName = "S",
            IssuedAt = SessionFixtures.Now,
            Expiration = SessionFixtures.Now.AddSeconds(900),
        };

        var opened = sealer.Open(SealToken(sealer, session), session.AccessKeyId);

        opened.Value.RoleArn.Should().Be("arn:aws-cn:iam:::role/R");
        opened.Value.PrincipalArn.Should().Be("arn:aws-cn:sts:::assumed-role/R/S");
    }

    [Test]
    public void Open_TokenWithAnyByteFlipped_ReturnsInvalidClientTokenId()
    {
        var (sealer, _, _) = NewSealer();
        var session = SessionFixtures.FullSession();
        var bytes = Base64Url.DecodeFromChars(SealToken(sealer, session));

        for (var position = 0; position < bytes.Length; position++)
        {
            foreach (var mask in new byte[] { 0x01, 0x80, 0xFF })
            {
                var altered = (byte[])bytes.Clone();
                altered[position] ^= mask;
                var opened = sealer.Open(Base64Url.EncodeToString(altered), session.AccessKeyId);
                opened.IsSuccess.Should().BeFalse($"byte {position} flipped with {mask:X2} must be rejected");
                opened.Error!.Code.Should().Be("InvalidClientTokenId");
                opened.Error.HttpStatus.Should().Be(403);
                opened.Error.Message.Should().Be("The security token included in the request is invalid.");
            }
        }
    }

    [Test]
    public void Open_TokenWithAnyCharacterChanged_ReturnsInvalidClientTokenId()
    {
        var (sealer, _, _) = NewSealer();
        var session = SessionFixtures.RoleSession();
        var token = SealToken(sealer, session);

        for (var position = 0; position < token.Length; position++)
        {
            var chars = token.ToCharArray();
            chars[position] = chars[position] == 'A' ? 'B' : 'A';
            sealer.Open(new string(chars), session.AccessKeyId).Error?.Code.Should().Be("InvalidClientTokenId", $"character {position} changed");
            sealer.Open(new string(chars), session.AccessKeyId).IsSuccess.Should().BeFalse();
        }
    }

    [Test]
    public void Open_TruncatedOrExtendedToken_ReturnsInvalidClientTokenId()
    {
        var (sealer, _, _) = NewSealer();
        var session = SessionFixtures.RoleSession();
        var bytes = Base64Url.DecodeFromChars(SealToken(sealer, session));

        for (var length = 0; length < bytes.Length; length++)
        {
            var opened = sealer.Open(Base64Url.EncodeToString(bytes.AsSpan(0, length)), session.AccessKeyId);
            opened.Error?.Code.Should().Be("InvalidClientTokenId", $"a token cut to {length} bytes");
            opened.IsSuccess.Should().BeFalse();
        }

        sealer.Open(Base64Url.EncodeToString([.. bytes, 0]), session.AccessKeyId).Error!.Code.Should().Be("InvalidClientTokenId");
    }

    [TestCase("", TestName = "Open_EmptyToken_ReturnsInvalidClientTokenId")]
    [TestCase("not a token at all!", TestName = "Open_TokenWithSpaces_ReturnsInvalidClientTokenId")]
    [TestCase("AQAAAAEabc+/", TestName = "Open_TokenWithStandardBase64Characters_ReturnsInvalidClientTokenId")]
    [TestCase("AQAAAAE=", TestName = "Open_TokenWithPadding_ReturnsInvalidClientTokenId")]
    public void Open_MalformedText_ReturnsInvalidClientTokenId(string token)
    {
        var (sealer, _, _) = NewSealer();
        sealer.Open(token, "ASIAAAAAAAAAAAAAAAAA").Error!.Code.Should().Be("InvalidClientTokenId");
    }

    [Test]
    public void Open_ValidTokenWithWhitespaceOrPaddingAdded_ReturnsInvalidClientTokenId()
    {
        var (sealer, _, _) = NewSealer();
        var session = SessionFixtures.RoleSession();
        var token = SealToken(sealer, session);

        sealer.Open(token + "=", session.AccessKeyId).Error!.Code.Should().Be("InvalidClientTokenId");
        sealer.Open(token + "\n", session.AccessKeyId).Error!.Code.Should().Be("InvalidClientTokenId");
        sealer.Open(" " + token, session.AccessKeyId).Error!.Code.Should().Be("InvalidClientTokenId");
        sealer.Open(token.Insert(10, " "), session.AccessKeyId).Error!.Code.Should().Be("InvalidClientTokenId");
    }

    [Test]
    public void Open_NonCanonicalLastCharacter_ReturnsInvalidClientTokenId()
    {
        var (sealer, _, _) = NewSealer();
        var session = SessionFixtures.RoleSession();
        var token = SealToken(sealer, session);
        while (token.Length % 4 == 0)
        {
            session = SessionFixtures.RoleSession(sessionName: session.RoleSessionName + "x");
            token = SealToken(sealer, session);
        }

        // Same bytes, different text: set one of the unused low bits of the last character.
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var lastValue = alphabet.IndexOf(token[^1], StringComparison.Ordinal);
        var altered = token[..^1] + alphabet[lastValue | 1];

        altered.Should().NotBe(token);
        sealer.Open(altered, session.AccessKeyId).Error!.Code.Should().Be("InvalidClientTokenId");
        sealer.Open(token, session.AccessKeyId).IsSuccess.Should().BeTrue();
    }

    [Test]
    public void Open_TokenLongerThanTheCap_ReturnsInvalidClientTokenIdBeforeDecoding()
    {
        var (sealer, _, _) = NewSealer();
        var opened = sealer.Open(new string('A', SessionTokenSealer.MaxTokenLength + 1), "ASIAAAAAAAAAAAAAAAAA");
        opened.Error!.Code.Should().Be("InvalidClientTokenId");
    }

    [Test]
    public void Open_NullTokenOrKey_ReturnsInvalidClientTokenId()
    {
        var (sealer, _, _) = NewSealer();
        var session = SessionFixtures.RoleSession();
        sealer.Open(null, session.AccessKeyId).Error!.Code.Should().Be("InvalidClientTokenId");
        sealer.Open(SealToken(sealer, session), null).Error!.Code.Should().Be("InvalidClientTokenId");
    }

    [Test]
    public void Open_WithAnotherAccessKeyId_ReturnsInvalidClientTokenId()
    {
        var (sealer, _, _) = NewSealer();
        var session = SessionFixtures.RoleSession();
        var token = SealToken(sealer, session);

        sealer.Open(token, TemporaryCredentialFactory.NewAccessKeyId()).Error!.Code.Should().Be("InvalidClientTokenId");
        sealer.Open(token, session.AccessKeyId.ToLowerInvariant()).Error!.Code.Should().Be("InvalidClientTokenId");
        sealer.Open(token, session.AccessKeyId[..19]).Error!.Code.Should().Be("InvalidClientTokenId");
    }

    [Test]
    public void Open_TokenSealedByAnotherRing_ReturnsInvalidClientTokenId()
    {
        var (sealer, _, _) = NewSealer();
        var (otherSealer, _, _) = NewSealer();
        var session = SessionFixtures.RoleSession();

        // Same key id (1) in both rings, different key bytes.
        sealer.Open(SealToken(otherSealer, session), session.AccessKeyId).Error!.Code.Should().Be("InvalidClientTokenId");
    }

    [Test]
    public void Open_TokenNamingUnknownKeyId_ReturnsInvalidClientTokenId()
    {
        var (sealer, ring, clock) = NewSealer();
        var session = SessionFixtures.RoleSession();
        var other = SessionKeyRing.CreateWithNewKey();
        other.Rotate();
        other.Rotate();
        var token = new SessionTokenSealer(other, clock).Seal(session).Value.Token;

        ring.KeyIds.Should().NotContain(other.ActiveKeyId);
        sealer.Open(token, session.AccessKeyId).Error!.Code.Should().Be("InvalidClientTokenId");
    }

    [Test]
    public void Open_AfterRotation_OpensOldTokensUntilTheOldKeyIsRetired()
    {
        var (sealer, ring, _) = NewSealer();
        var oldSession = SessionFixtures.RoleSession();
        var oldToken = SealToken(sealer, oldSession);
        var oldKey = ring.ActiveKeyId;

        var newKey = ring.Rotate();
        var newSession = SessionFixtures.RoleSession();
        var newToken = SealToken(sealer, newSession);

        newKey.Should().NotBe(oldKey);
        Base64Url.DecodeFromChars(newToken)[1..5].Should().Equal(System.BitConverter.GetBytes(newKey).Reverse());
        sealer.Open(oldToken, oldSession.AccessKeyId).IsSuccess.Should().BeTrue();
        sealer.Open(newToken, newSession.AccessKeyId).IsSuccess.Should().BeTrue();

        ring.Retire(oldKey);

        sealer.Open(oldToken, oldSession.AccessKeyId).Error!.Code.Should().Be("InvalidClientTokenId");
        sealer.Open(newToken, newSession.AccessKeyId).IsSuccess.Should().BeTrue();
    }

    [Test]
    public void Open_TokenWithKeyIdSwappedToAnotherRingKey_ReturnsInvalidClientTokenId()
    {
        var (sealer, ring, _) = NewSealer();
        var session = SessionFixtures.RoleSession();
        var bytes = Base64Url.DecodeFromChars(SealToken(sealer, session));
        var second = ring.Rotate();

        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(1), second);

        sealer.Open(Base64Url.EncodeToString(bytes), session.AccessKeyId).Error!.Code.Should().Be("InvalidClientTokenId");
    }

    [Test]
    public void Open_AtAndAfterExpiration_ReturnsExpiredToken()
    {
        var (sealer, _, clock) = NewSealer();
        var session = SessionFixtures.RoleSession();
        var token = SealToken(sealer, session);

        clock.Advance(TimeSpan.FromHours(1) - TimeSpan.FromTicks(1));
        sealer.Open(token, session.AccessKeyId).IsSuccess.Should().BeTrue();

        clock.Advance(TimeSpan.FromTicks(1));
        var opened = sealer.Open(token, session.AccessKeyId);
        opened.Error!.Code.Should().Be("ExpiredToken");
        opened.Error.HttpStatus.Should().Be(403, "STS and IAM answer expired temporary credentials with 403 (S3 with 400, mapped by the SigV4 family)");
        opened.Error.Message.Should().Be("The security token included in the request is expired");
    }

    [Test]
    public void Open_SessionOfRevokedRoleIssuedBeforeCutoff_ReturnsAccessDenied()
    {
        var revocations = new SessionRevocationList();
        var (sealer, _, clock) = NewSealer(revocations);
        var before = SessionFixtures.RoleSession();
        var beforeToken = SealToken(sealer, before);
        var otherRole = SessionFixtures.RoleSession(roleName: "Other");
        var otherToken = SealToken(sealer, otherRole);

        clock.Advance(TimeSpan.FromMinutes(5));
        revocations.RevokeSessionsIssuedBefore("arn:aws:iam::123456789012:role/readonly", clock.GetUtcNow());
        clock.Advance(TimeSpan.FromSeconds(1));
        var after = new SessionState
        {
            AccessKeyId = TemporaryCredentialFactory.NewAccessKeyId(),
            SecretAccessKey = TemporaryCredentialFactory.NewSecretAccessKey(),
            Kind = SessionPrincipalKind.AssumedRole,
            Account = before.Account,
            RoleArn = before.RoleArn,
            RoleId = before.RoleId,
            RoleSessionName = "later",
            IssuedAt = clock.GetUtcNow(),
            Expiration = clock.GetUtcNow().AddHours(1),
        };
        var afterToken = SealToken(sealer, after);

        var denied = sealer.Open(beforeToken, before.AccessKeyId);
        denied.Error!.Code.Should().Be("AccessDenied");
        denied.Error.HttpStatus.Should().Be(403);
        denied.Error.Message.Should().Contain("arn:aws:iam::123456789012:role/ReadOnly").And.Contain("2026-11-27T12:05:00Z").And.Contain("revoked");
        sealer.Open(afterToken, after.AccessKeyId).IsSuccess.Should().BeTrue();
        sealer.Open(otherToken, otherRole.AccessKeyId).IsSuccess.Should().BeTrue();
    }

    [Test]
    public void Open_SessionOfRevokedUser_ReturnsAccessDenied()
    {
        var revocations = new SessionRevocationList();
        var (sealer, _, clock) = NewSealer(revocations);
        var session = SessionFixtures.UserSession();
        var token = SealToken(sealer, session);

        revocations.RevokeSessionsIssuedBefore(session.CallerArn!, clock.GetUtcNow().AddMilliseconds(1));

        sealer.Open(token, session.AccessKeyId).Error!.Code.Should().Be("AccessDenied");
    }

    [Test]
    public void Open_ExpiredAndRevoked_ReturnsExpiredToken()
    {
        var revocations = new SessionRevocationList();
        var (sealer, _, clock) = NewSealer(revocations);
        var session = SessionFixtures.RoleSession();
        var token = SealToken(sealer, session);
        revocations.RevokeSessionsIssuedBefore(session.RoleArn!, clock.GetUtcNow().AddSeconds(1));

        clock.Advance(TimeSpan.FromHours(2));

        sealer.Open(token, session.AccessKeyId).Error!.Code.Should().Be("ExpiredToken");
    }

    [Test]
    public void Seal_RoleSessionWithoutPolicyWithLongNames_IsAtMost600Characters()
    {
        var (sealer, _, _) = NewSealer();
        var roleName = "DataPlatform-Ingestion-ReadWrite-Production-EuWest1-Role".PadRight(64, '7');
        var session = new SessionState
        {
            AccessKeyId = TemporaryCredentialFactory.NewAccessKeyId(),
            SecretAccessKey = TemporaryCredentialFactory.NewSecretAccessKey(),
            Kind = SessionPrincipalKind.AssumedRole,
            Account = "123456789012",
            RoleArn = $"arn:aws:iam::123456789012:role/service-role/data-platform/ingestion/{roleName}",
            RoleId = "AROAQ3EGNKP5EXAMPLE12",
            RoleSessionName = "botocore-session-1764244800-ingest.worker-17@eu-west-1.example.com"[..64],
            SourceIdentity = "alice.smith@corp.example.com-build-pipeline-4711-step-9".PadRight(64, '0'),
            MultiFactorAuthenticatedAt = SessionFixtures.Now.AddMinutes(-3),
            ChainDepth = 1,
            IssuedAt = SessionFixtures.Now,
            Expiration = SessionFixtures.Now.AddHours(12),
        };

        var sealedToken = sealer.Seal(session).Value;

        sealedToken.Token.Length.Should().BeLessThanOrEqualTo(600);
        sealedToken.PackedPolicySize.Should().Be(0);
        sealer.Open(sealedToken.Token, session.AccessKeyId).Value.Should().BeEquivalentTo(session);
    }

    [Test]
    public void Seal_MaximalSessionPolicy_IsCompressedAndReportsPackedSize()
    {
        var (sealer, _, _) = NewSealer();
        var statements = string.Join(",", Enumerable.Range(0, 40).Select(i => $$"""{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket-{{i}}/*"}"""));
        var policy = $$"""{"Version":"2012-10-17","Statement":[{{statements}}]}"""[..2048];
        var session = new SessionState
        {
            AccessKeyId = TemporaryCredentialFactory.NewAccessKeyId(),
            SecretAccessKey = TemporaryCredentialFactory.NewSecretAccessKey(),
            Kind = SessionPrincipalKind.AssumedRole,
            Account = "123456789012",
            RoleArn = "arn:aws:iam::123456789012:role/R",
            RoleId = "AROAQ3EGNKP5EXAMPLE12",
            RoleSessionName = "s1",
            SessionPolicy = policy,
            IssuedAt = SessionFixtures.Now,
            Expiration = SessionFixtures.Now.AddHours(1),
        };

        var sealedToken = sealer.Seal(session).Value;

        sealedToken.PackedPolicySize.Should().BeInRange(1, 20, "a repetitive 2,048-character policy compresses well");
        sealedToken.Token.Length.Should().BeLessThan(policy.Length);
        sealer.Open(sealedToken.Token, session.AccessKeyId).Value.SessionPolicy.Should().Be(policy);
    }

    [Test]
    public void Seal_FiftyLongRandomTags_ReturnsPackedPolicyTooLarge()
    {
        var (sealer, _, _) = NewSealer();
        var random = new Random(7);
        var tags = Enumerable.Range(0, 50)
            .Select(i => new SessionTag($"key{i}-" + RandomText(random, 100), RandomText(random, 256)))
            .ToArray();
        var session = SessionFixtures.RoleSession();
        session = With(session, tags);

        var sealedToken = sealer.Seal(session);

        sealedToken.IsSuccess.Should().BeFalse();
        sealedToken.Error!.Code.Should().Be("PackedPolicyTooLarge");
        sealedToken.Error.Message.Should().StartWith("Serialized token too large for session").And.MatchRegex(@"consume \d{3,}% of the allotted space");
    }

    [Test]
    public void Seal_FewShortTags_ReportsSmallPackedSize()
    {
        var (sealer, _, _) = NewSealer();
        var session = With(SessionFixtures.RoleSession(), [new SessionTag("team", "blue"), new SessionTag("env", "prod")]);

        var sealedToken = sealer.Seal(session).Value;

        // Packed: no policy ARNs (1 byte), 2 tags (1 byte), four length-prefixed strings (5 + 5 + 4 + 5 bytes) = 21 bytes.
        sealedToken.PackedPolicySize.Should().Be(PackedPolicyBudget.PercentageOf(21)).And.Be(2);
        sealer.Open(sealedToken.Token, session.AccessKeyId).Value.Tags.Should().Equal(session.Tags);
    }

    [Test]
    public void Seal_SessionBreakingAnInvariant_Throws()
    {
        var (sealer, _, _) = NewSealer();
        var duplicateTags = With(SessionFixtures.RoleSession(), [new SessionTag("Team", "a"), new SessionTag("team", "b")]);
        var badKey = new SessionState
        {
            AccessKeyId = "AKIAIOSFODNN7EXAMPLE",
            SecretAccessKey = TemporaryCredentialFactory.NewSecretAccessKey(),
            Kind = SessionPrincipalKind.AssumedRole,
            Account = "1",
            RoleArn = "arn:aws:iam::1:role/R",
            RoleId = "AROA1",
            RoleSessionName = "s1",
            IssuedAt = SessionFixtures.Now,
            Expiration = SessionFixtures.Now.AddHours(1),
        };

        FluentActions.Invoking(() => sealer.Seal(duplicateTags)).Should().Throw<ArgumentException>().WithMessage("*same key*");
        FluentActions.Invoking(() => sealer.Seal(badKey)).Should().Throw<ArgumentException>().WithMessage("*access key id*");
    }

    [Test]
    public void Seal_HundredThousandTokens_ShareTheEpochSaltWithIncreasingCounters()
    {
        var (sealer, _, _) = NewSealer();
        var session = SessionFixtures.RoleSession();
        var salts = new HashSet<string>(StringComparer.Ordinal);
        var counters = new List<ulong>();

        for (var i = 0; i < 100_000; i++)
        {
            var bytes = Base64Url.DecodeFromChars(SealToken(sealer, session));
            salts.Add(Convert.ToHexString(bytes, SessionTokenSealer.SaltOffset, SessionTokenSealer.SaltLength));
            counters.Add(BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(SessionTokenSealer.CounterOffset)));
        }

        salts.Should().ContainSingle("one sealer keeps one epoch while the active key stays");
        counters.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        counters[^1].Should().Be(counters[0] + 99_999);
        counters[0].Should().BeLessThan(1UL << 62);
    }

    [Test]
    public void Seal_ConcurrentThreads_NeverRepeatANonce()
    {
        var (sealer, _, _) = NewSealer();
        var session = SessionFixtures.RoleSession();
        var nonces = new System.Collections.Concurrent.ConcurrentBag<string>();

        Parallel.For(0, 20_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            var bytes = Base64Url.DecodeFromChars(SealToken(sealer, session));
            nonces.Add(Convert.ToHexString(bytes, SessionTokenSealer.SaltOffset, SessionTokenSealer.SaltLength + SessionTokenSealer.CounterLength));
            sealer.Open(Base64Url.EncodeToString(bytes), session.AccessKeyId).IsSuccess.Should().BeTrue();
        });

        nonces.Should().OnlyHaveUniqueItems().And.HaveCount(20_000);
    }

    [Test]
    public void Seal_AfterRotationOrInAnotherSealer_StartsANewEpoch()
    {
        var (sealer, ring, clock) = NewSealer();
        var session = SessionFixtures.RoleSession();
        var other = new SessionTokenSealer(ring, clock);
        string SaltOf(string token) => Convert.ToHexString(Base64Url.DecodeFromChars(token), SessionTokenSealer.SaltOffset, SessionTokenSealer.SaltLength);

        var first = SaltOf(SealToken(sealer, session));
        var fromOther = SaltOf(SealToken(other, session));
        ring.Rotate();
        var afterRotation = SaltOf(SealToken(sealer, session));

        new[] { first, fromOther, afterRotation }.Should().OnlyHaveUniqueItems();
        other.Open(SealToken(sealer, session), session.AccessKeyId).IsSuccess.Should().BeTrue("any sealer holding the ring opens any epoch");
    }

    [TestCase((byte)0)]
    [TestCase((byte)1)]
    [TestCase((byte)3)]
    [TestCase((byte)255)]
    public void Open_AuthenticTokenOfAnotherVersion_ReturnsInvalidClientTokenId(byte version)
    {
        // Sealed exactly as version 2 under the ring's key, with the version byte (part of the associated data) changed
        // before encryption: the tag verifies, so only the version check can refuse it.
        var ringKey = RandomNumberGenerator.GetBytes(SessionKeyRing.KeyLength);
        var ring = SessionKeyRing.Load(Encoding.UTF8.GetBytes($"key 5 {Convert.ToBase64String(ringKey)}\nactive 5\n")).Value;
        var sealer = new SessionTokenSealer(ring, SessionFixtures.Clock());
        var session = SessionFixtures.RoleSession();
        using var writer = new TokenWriter();
        SessionTokenCodec.Encode(session, writer);
        var token = new byte[SessionTokenSealer.HeaderLength + writer.Length + SessionTokenSealer.TagLength];
        token[0] = version;
        BinaryPrimitives.WriteUInt32BigEndian(token.AsSpan(1), 5);
        RandomNumberGenerator.Fill(token.AsSpan(SessionTokenSealer.SaltOffset, SessionTokenSealer.SaltLength + SessionTokenSealer.CounterLength));
        var key = new byte[32];
        TokenKeyDerivation.Derive(ringKey, token.AsSpan(SessionTokenSealer.SaltOffset, SessionTokenSealer.SaltLength), key);
        var nonce = new byte[12];
        token.AsSpan(SessionTokenSealer.CounterOffset, SessionTokenSealer.CounterLength).CopyTo(nonce.AsSpan(4));
        using (var aes = new AesGcm(key, 16))
        {
            aes.Encrypt(nonce, writer.Written, token.AsSpan(SessionTokenSealer.HeaderLength, writer.Length), token.AsSpan(token.Length - 16), token.AsSpan(0, SessionTokenSealer.HeaderLength));
        }

        var asVersion2 = (byte[])token.Clone();
        asVersion2[0] = SessionTokenSealer.FormatVersion;

        sealer.Open(Base64Url.EncodeToString(token), session.AccessKeyId).Error!.Code.Should().Be("InvalidClientTokenId");
        sealer.Open(Base64Url.EncodeToString(asVersion2), session.AccessKeyId).Error!.Code.Should().Be("InvalidClientTokenId", "the version is authenticated");
    }

    [Test]
    public void Open_TokenInTheRetiredVersion1Format_ReturnsInvalidClientTokenId()
    {
        // Version 1: version | key id | 24-byte salt | AES-GCM under HKDF-Expand(ring key, "sts-session-token-v1" | salt), zero nonce.
        var ringKey = RandomNumberGenerator.GetBytes(SessionKeyRing.KeyLength);
        var ring = SessionKeyRing.Load(Encoding.UTF8.GetBytes($"key 5 {Convert.ToBase64String(ringKey)}\nactive 5\n")).Value;
        var session = SessionFixtures.RoleSession();
        using var writer = new TokenWriter();
        SessionTokenCodec.Encode(session, writer);
        const int headerLength = 29;
        var token = new byte[headerLength + writer.Length + 16];
        token[0] = 1;
        BinaryPrimitives.WriteUInt32BigEndian(token.AsSpan(1), 5);
        RandomNumberGenerator.Fill(token.AsSpan(5, 24));
        var key = HKDF.Expand(HashAlgorithmName.SHA256, ringKey, 32, [.. "sts-session-token-v1"u8, .. token.AsSpan(5, 24)]);
        using (var aes = new AesGcm(key, 16))
        {
            aes.Encrypt(new byte[12], writer.Written, token.AsSpan(headerLength, writer.Length), token.AsSpan(token.Length - 16), token.AsSpan(0, headerLength));
        }

        var opened = new SessionTokenSealer(ring, SessionFixtures.Clock()).Open(Base64Url.EncodeToString(token), session.AccessKeyId);

        opened.Error!.Code.Should().Be("InvalidClientTokenId");
        opened.Error.HttpStatus.Should().Be(403);
    }

    [Test]
    public void Seal_SameSessionTwice_GivesDifferentTokens()
    {
        var (sealer, _, _) = NewSealer();
        var session = SessionFixtures.RoleSession();
        SealToken(sealer, session).Should().NotBe(SealToken(sealer, session));
    }

    private static SessionState With(SessionState s, SessionTag[] tags) => new()
    {
        AccessKeyId = s.AccessKeyId,
        SecretAccessKey = s.SecretAccessKey,
        Kind = s.Kind,
        Account = s.Account,
        RoleArn = s.RoleArn,
        RoleId = s.RoleId,
        RoleSessionName = s.RoleSessionName,
        Tags = [.. tags],
        IssuedAt = s.IssuedAt,
        Expiration = s.Expiration,
    };

    private static string RandomText(Random random, int length) =>
        new([.. Enumerable.Range(0, length).Select(_ => (char)random.Next('a', 'z' + 1))]);
}
