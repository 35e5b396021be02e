using Sts.Policy.Evaluation;

namespace Sts.Policy.Tests.Evaluation;

/// <summary>Small helpers to evaluate policy JSON against requests in tests.</summary>
internal static class EvaluationTestKit
{
    public const string AccountA = "111122223333";
    public const string AccountB = "444455556666";
    public static readonly string Alice = $"arn:aws:iam::{AccountA}:user/alice";
    public static readonly string Bob = $"arn:aws:iam::{AccountA}:user/bob";
    public static readonly string Session = $"arn:aws:sts::{AccountA}:assumed-role/app/s1";
    public static readonly string Role = $"arn:aws:iam::{AccountA}:role/app";
    public static readonly string Carol = $"arn:aws:iam::{AccountB}:user/carol";

    private static readonly PolicyParserOptions SyntaxOnly = new() { SyntaxOnly = true };

    /// <summary>Parses (syntax only, as simulation does) and compiles a policy; throws when it does not parse.</summary>
    public static CompiledPolicy Compile(string json, PolicySource source = PolicySource.Identity, string id = "p1")
    {
        var kind = source switch
        {
            PolicySource.Resource => PolicyKind.Resource,
            PolicySource.Trust => PolicyKind.Trust,
            PolicySource.Session => PolicyKind.Session,
            _ => PolicyKind.Identity,
        };
        var parsed = PolicyParser.Parse(json, kind, SyntaxOnly);
        return parsed.IsValid ? CompiledPolicy.Compile(parsed.Document, id, source) : throw new ArgumentException(parsed.FirstError?.Message, nameof(json));
    }

    public static (PolicyDocument? Document, string? Error) Parse(string json)
    {
        var parsed = PolicyParser.Parse(json, PolicyKind.Identity, SyntaxOnly);
        return parsed.IsValid ? (parsed.Document, null) : (null, parsed.FirstError?.Message);
    }

    public static RequestPrincipal Principal(string arn) =>
        RequestPrincipal.TryFromArn(arn, out var principal, out var error) ? principal : throw new ArgumentException(error);

    public static RequestContextBuilder Request(string action = "s3:GetObject", string resource = "arn:aws:s3:::bucket/key", string? caller = null) =>
        new RequestContextBuilder().WithPrincipal(Principal(caller ?? Alice)).WithAction(action).WithResource(resource);

    /// <summary>Wraps one statement's condition block in an Allow-everything statement.</summary>
    public static string AllowWithCondition(string conditionJson, string version = "2012-10-17") =>
        ("{\"Version\":\"" + version + "\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":" + conditionJson + "}}");

    public static PolicyDecision Identity(string policyJson, RequestContext request) =>
        PolicyEvaluator.Evaluate(new PolicyEvaluationInput { IdentityPolicies = new PolicySet([Compile(policyJson)]) }, request);
}
