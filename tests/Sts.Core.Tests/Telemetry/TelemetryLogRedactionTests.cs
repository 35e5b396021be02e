using Sts.Core.Hosting;
using Sts.Core.SecurityToken;
using Sts.SigV4;

namespace Sts.Core.Tests.Telemetry;

/// <summary>
/// Drives succeeding and failing operations (STS, SigV4 authentication with long-term and temporary keys, web identity)
/// with a capturing logger, then checks that no secret access key, session token, web identity token or signature (nor
/// a 16-character piece of one) appears in any message or structured state value.
/// </summary>
[TestFixture]
public sealed class TelemetryLogRedactionTests
{
    [Test]
    public async Task Logs_OfSucceedingAndFailingOperations_HoldNoSecretTokenOrSignature()
    {
        await using var bed = await TelemetryTestBed.CreateAsync(aliceMayAssume: true);
        var secrets = new List<string> { bed.AliceKey.SecretAccessKey };

        var session = (await bed.Sts.GetSessionTokenAsync(bed.AliceCaller, new GetSessionTokenRequest())).Value.Credentials;
        secrets.AddRange([session.SecretAccessKey, session.SessionToken]);
        var role = (await bed.Sts.AssumeRoleAsync(bed.AliceCaller, TelemetryTestBed.AssumeDeployer)).Value.Credentials;
        secrets.AddRange([role.SecretAccessKey, role.SessionToken]);
        (await bed.Sts.AssumeRoleAsync(bed.AliceCaller, TelemetryTestBed.AssumeDeployer with { RoleArn = "arn:aws:iam::123456789012:role/Missing" }))
            .Error!.Code.Should().Be("AccessDenied");

        await AuthenticateAsync(bed, secrets, bed.AliceKey.AccessKeyId, bed.AliceKey.SecretAccessKey, null, expectedError: null);
        await AuthenticateAsync(bed, secrets, bed.AliceKey.AccessKeyId, "x" + bed.AliceKey.SecretAccessKey[1..], null, "SignatureDoesNotMatch");
        await AuthenticateAsync(bed, secrets, "AKIAUNKNOWNKEY000001", bed.AliceKey.SecretAccessKey, null, "InvalidAccessKeyId");
        await AuthenticateAsync(bed, secrets, role.AccessKeyId, role.SecretAccessKey, role.SessionToken, expectedError: null);
        var tampered = Tamper(role.SessionToken);
        secrets.Add(tampered);
        await AuthenticateAsync(bed, secrets, role.AccessKeyId, role.SecretAccessKey, tampered, "InvalidToken");

        var mint = bed.MintWebIdentityTokens();
        var jwt = mint.Token("alice");
        var badJwt = jwt[..jwt.LastIndexOf('.')] + "." + Tamper(jwt[(jwt.LastIndexOf('.') + 1)..]);
        secrets.AddRange([jwt, badJwt, jwt[(jwt.LastIndexOf('.') + 1)..], badJwt[(badJwt.LastIndexOf('.') + 1)..]]);
        var web = await bed.Sts.AssumeRoleWithWebIdentityAsync(new AssumeRoleWithWebIdentityRequest { RoleArn = TelemetryTestBed.WebRoleArn, RoleSessionName = "web", WebIdentityToken = jwt });
        secrets.AddRange([web.Value.Credentials.SecretAccessKey, web.Value.Credentials.SessionToken]);
        (await bed.Sts.AssumeRoleWithWebIdentityAsync(new AssumeRoleWithWebIdentityRequest { RoleArn = TelemetryTestBed.WebRoleArn, RoleSessionName = "web", WebIdentityToken = badJwt }))
            .Error!.Code.Should().Be("InvalidIdentityToken");

        var entries = bed.Logger.Entries;
        entries.Select(e => e.EventId.Id).Distinct().Should().Contain([1001, 1002, 2001, 2002, 2003, 2004]);
        entries.Should().Contain(e => e.EventId.Id == 1001 && e.Message.Contains(role.AccessKeyId, StringComparison.Ordinal), "the issued access key id is logged");
        entries.Should().Contain(e => e.EventId.Id == 2004 && e.Message.Contains($"({tampered.Length} characters)", StringComparison.Ordinal), "a refused token is logged by length");
        var pieces = secrets.SelectMany(Pieces).ToList();
        foreach (var entry in entries)
        {
            foreach (var text in entry.Texts())
            {
                foreach (var piece in pieces)
                {
                    text.Should().NotContain(piece, $"event {entry.EventId} must not carry a secret, token or signature");
                }
            }
        }
    }

    private static async Task AuthenticateAsync(TelemetryTestBed bed, List<string> secrets, string accessKeyId, string secret, string? token, string? expectedError)
    {
        var (request, signedAt) = BotocoreSigner.SignGet("/bucket/key", accessKeyId, secret, token);
        var authorization = request.Headers.Single(h => h.Key == "Authorization").Value;
        secrets.Add(authorization[(authorization.IndexOf("Signature=", StringComparison.Ordinal) + "Signature=".Length)..]);

        var result = await bed.Verifier(signedAt).AuthenticateAsync(request, bed.Logger);

        (result.IsSuccess ? null : result.Error!.AwsCode).Should().Be(expectedError);
    }

    /// <summary>The value itself and, for long values, a 16-character piece from its middle.</summary>
    private static IEnumerable<string> Pieces(string secret)
    {
        yield return secret;
        if (secret.Length >= 32)
        {
            yield return secret.Substring((secret.Length / 2) - 8, 16);
        }
    }

    /// <summary>Changes one character in the middle (keeping the alphabet of base64url and hex).</summary>
    private static string Tamper(string value)
    {
        var middle = value.Length / 2;
        return value[..middle] + (value[middle] == 'A' ? 'B' : 'A') + value[(middle + 1)..];
    }
}
