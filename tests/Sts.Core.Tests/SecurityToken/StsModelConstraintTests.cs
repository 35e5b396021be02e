using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.Json;
using Sts.Core.SecurityToken;
using Sts.Core.Tokens;

namespace Sts.Core.Tests.SecurityToken;

/// <summary>
/// The request constraints of every implemented STS operation, checked against botocore's STS service model (read
/// through the installed botocore, not our copy): each length/value bound is probed just inside and just outside, and
/// every pattern Sts quotes in its messages must be the model's pattern exactly.
/// </summary>
public class StsModelConstraintTests
{
    /// <summary>Members of the model that Sts deliberately does not implement.</summary>
    private static readonly string[] Unsupported = ["AssumeRole.ProvidedContexts"];

    /// <summary>Members whose pattern Sts checks and quotes; the rest (RoleArn's any-character class, EncodedMessage) are not quoted.</summary>
    private static readonly string[] QuotedPatterns =
        ["AssumeRole.RoleSessionName", "AssumeRole.Policy", "AssumeRole.ExternalId", "AssumeRole.SerialNumber", "AssumeRole.TokenCode",
         "AssumeRole.SourceIdentity", "GetSessionToken.SerialNumber", "GetSessionToken.TokenCode", "GetAccessKeyInfo.AccessKeyId"];

    private static readonly Lazy<ImmutableArray<ModelMember>> Model = new(LoadModel);

    public static IEnumerable<TestCaseData> Bounds()
    {
        foreach (var m in Model.Value)
        {
            if (Unsupported.Contains(m.Key))
            {
                continue;
            }

            if (m.Min is { } min)
            {
                if (min > 0 || m.Type == "integer")
                {
                    yield return new TestCaseData(m, min - 1, false).SetName($"{m.Op}_{m.Member}BelowModelMinimum{min}_ReturnsValidationError");
                }

                yield return new TestCaseData(m, min, true).SetName($"{m.Op}_{m.Member}AtModelMinimum{min}_PassesValidation");
            }

            if (m.Max is { } max)
            {
                yield return new TestCaseData(m, max, true).SetName($"{m.Op}_{m.Member}AtModelMaximum{max}_PassesValidation");
                yield return new TestCaseData(m, max + 1, false).SetName($"{m.Op}_{m.Member}AboveModelMaximum{max}_ReturnsValidationError");
            }
        }
    }

    public static IEnumerable<TestCaseData> Patterns() =>
        Model.Value.Where(m => QuotedPatterns.Contains(m.Key))
            .Select(m => new TestCaseData(m).SetName($"{m.Op}_{m.Member}WithCharacterOutsidePattern_QuotesTheModelPattern"));

    [Test]
    public void Model_EveryMemberOfTheImplementedOperations_IsCoveredOrListedAsUnsupported()
    {
        var known = new[]
        {
            "AssumeRole.RoleArn", "AssumeRole.RoleSessionName", "AssumeRole.PolicyArns", "AssumeRole.Policy", "AssumeRole.DurationSeconds",
            "AssumeRole.Tags", "AssumeRole.TransitiveTagKeys", "AssumeRole.ExternalId", "AssumeRole.SerialNumber", "AssumeRole.TokenCode",
            "AssumeRole.SourceIdentity", "GetSessionToken.DurationSeconds", "GetSessionToken.SerialNumber", "GetSessionToken.TokenCode",
            "GetAccessKeyInfo.AccessKeyId", "DecodeAuthorizationMessage.EncodedMessage",
        };
        Model.Value.Select(m => m.Key).Should().BeEquivalentTo(known.Concat(Unsupported));
    }

    [TestCaseSource(nameof(Bounds))]
    public async Task Bound_ProbedAgainstModel_MatchesModel(ModelMember member, int size, bool accepted)
    {
        var error = await Run(member, size, validChars: true);
        var field = member.WireName;

        if (accepted)
        {
            (error is { Code: "ValidationError" } && error.Message.Contains($"'{field}'", StringComparison.Ordinal))
                .Should().BeFalse($"{member.Key} of size {size} is within the model, but got: {error}");
        }
        else
        {
            error.Should().NotBeNull();
            error!.Code.Should().Be("ValidationError");
            error.Message.Should().Contain($"at '{field}' failed to satisfy constraint");
        }
    }

    [TestCaseSource(nameof(Patterns))]
    public async Task Pattern_ValueOutsideIt_QuotesTheModelPatternExactly(ModelMember member)
    {
        var error = await Run(member, member.Min ?? 2, validChars: false);

        error!.Code.Should().Be("ValidationError");
        error.Message.Should().Contain($"at '{member.WireName}' failed to satisfy constraint: Member must satisfy regular expression pattern: {member.Pattern}");
    }

    private static async Task<StsError?> Run(ModelMember member, int size, bool validChars)
    {
        var f = new StsServiceFixture();
        string Text(char valid) => size <= 0 ? string.Empty : new string(valid, size - 1) + (validChars ? valid : BadFor(member));
        var baseRequest = new AssumeRoleRequest { RoleArn = StsServiceFixture.RoleArn, RoleSessionName = "probe" };
        switch (member.Key)
        {
            case "AssumeRole.RoleArn":
                var arn = size < 20 ? new string('a', size) : "arn:aws:iam:::role/" + new string('R', size - 19);
                return (await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, baseRequest with { RoleArn = arn })).Error;
            case "AssumeRole.RoleSessionName":
                return (await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, baseRequest with { RoleSessionName = Text('s') })).Error;
            case "AssumeRole.Policy":
                return (await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, baseRequest with { Policy = Text('{') })).Error;
            case "AssumeRole.DurationSeconds":
                return (await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, baseRequest with { DurationSeconds = size })).Error;
            case "AssumeRole.Tags":
                return (await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, baseRequest with { Tags = Tags(size) })).Error;
            case "AssumeRole.TransitiveTagKeys":
                return (await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, baseRequest with { Tags = Tags(Math.Min(size, 50)), TransitiveTagKeys = [.. Tags(size).Select(t => t.Key)] })).Error;
            case "AssumeRole.ExternalId":
                return (await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, baseRequest with { ExternalId = Text('e') })).Error;
            case "AssumeRole.SerialNumber":
                return (await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, baseRequest with { SerialNumber = Text('m') })).Error;
            case "AssumeRole.TokenCode":
                return (await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, baseRequest with { TokenCode = Text('1') })).Error;
            case "AssumeRole.SourceIdentity":
                return (await f.Service.AssumeRoleAsync(StsServiceFixture.Alice, baseRequest with { SourceIdentity = Text('i') })).Error;
            case "GetSessionToken.DurationSeconds":
                return (await f.Service.GetSessionTokenAsync(StsServiceFixture.Alice, new GetSessionTokenRequest { DurationSeconds = size })).Error;
            case "GetSessionToken.SerialNumber":
                return (await f.Service.GetSessionTokenAsync(StsServiceFixture.Alice, new GetSessionTokenRequest { SerialNumber = Text('m') })).Error;
            case "GetSessionToken.TokenCode":
                return (await f.Service.GetSessionTokenAsync(StsServiceFixture.Alice, new GetSessionTokenRequest { TokenCode = Text('1') })).Error;
            case "GetAccessKeyInfo.AccessKeyId":
                return (await f.Service.GetAccessKeyInfoAsync(StsServiceFixture.Alice, Text('A'))).Error;
            case "DecodeAuthorizationMessage.EncodedMessage":
                return (await f.Service.DecodeAuthorizationMessageAsync(StsServiceFixture.Alice, Text('A'))).Error;
            default:
                throw new InvalidOperationException($"No probe for {member.Key}: add one.");
        }
    }

    private static char BadFor(ModelMember member) => member.Member == "Policy" ? '\u0100' : ' ';

    private static ImmutableArray<SessionTag> Tags(int count) => [.. Enumerable.Range(0, count).Select(i => new SessionTag($"k{i}", "v"))];

    private static ImmutableArray<ModelMember> LoadModel()
    {
        var script = Path.Combine(TestContext.CurrentContext.TestDirectory, "SecurityToken", "sts_model_constraints.py");
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 could not be started");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"Reading botocore's STS model failed (python3 with botocore is required): {error}");
        }

        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            int? Number(string name) => root.GetProperty(name).ValueKind == JsonValueKind.Number ? root.GetProperty(name).GetInt32() : null;
            return new ModelMember(
                root.GetProperty("op").GetString()!,
                root.GetProperty("member").GetString()!,
                root.GetProperty("type").GetString()!,
                Number("min"),
                Number("max"),
                root.GetProperty("pattern").GetString());
        })];
    }

    /// <summary>One input member of the botocore model.</summary>
    public sealed record ModelMember(string Op, string Member, string Type, int? Min, int? Max, string? Pattern)
    {
        public string Key => $"{Op}.{Member}";

        public string WireName => char.ToLowerInvariant(Member[0]) + Member[1..];

        public override string ToString() => Key;
    }
}
