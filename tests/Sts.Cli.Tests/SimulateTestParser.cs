using Sts.Policy;
using Sts.Policy.Tests.Evaluation;

namespace Sts.Cli.Tests;

/// <summary>The policy parser the simulate tests hand to the engine.</summary>
internal static class SimulateTestParser
{
    public static PolicyParseResult Parse(string text, PolicyKind kind)
    {
        var (document, error) = TestPolicyReader.TryRead(text, kind);
        return document is not null
            ? PolicyParseResult.Success(document)
            : PolicyParseResult.Failure([new PolicyFinding(PolicyFindingSeverity.Error, "MalformedPolicyDocument", error!)]);
    }
}
