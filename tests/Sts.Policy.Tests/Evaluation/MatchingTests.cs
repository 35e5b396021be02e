using Sts.Policy.Evaluation;
using static Sts.Policy.Tests.Evaluation.EvaluationTestKit;

namespace Sts.Policy.Tests.Evaluation;

public class MatchingTests
{
    [TestCase("s3:GetObject", "s3:getobject", true)]
    [TestCase("S3:GET*", "s3:GetObject", true)]
    [TestCase("s3:*Object", "s3:GetObject", true)]
    [TestCase("s3:Get?bject", "s3:GetObject", true)]
    [TestCase("s3:Get", "s3:GetObject", false)]
    [TestCase("*", "iam:CreateUser", true)]
    [TestCase("s3*", "s3:GetObject", true)]
    [TestCase("*:GetObject", "s3:GetObject", true)]
    [TestCase("ec2:*", "s3:GetObject", false)]
    public void Action_MatchesCaseInsensitivelyWithWildcards(string pattern, string action, bool expected)
    {
        var policy = ("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"" + pattern + "\",\"Resource\":\"*\"}}");
        Identity(policy, Request(action: action).Build()).Should().Be(expected ? PolicyDecision.Allow : PolicyDecision.ImplicitDeny);
    }

    [TestCase("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b/c", true)]
    [TestCase("arn:aws:s3:::bucket/*", "arn:aws:s3:::Bucket/a", false)]
    [TestCase("arn:aws:s3:::bucket/a?c", "arn:aws:s3:::bucket/abc", true)]
    [TestCase("arn:aws:s3:::bucket", "arn:aws:s3:::bucket/a", false)]
    [TestCase("arn:aws:s3:::*", "arn:aws:s3:::bucket/a:b", true)]
    [TestCase("arn:aws:*:us-east-1:111122223333:*", "arn:aws:sqs:us-east-1:111122223333:q", true)]
    [TestCase("arn:aws:sqs:*:111122223333:q", "arn:aws:sqs:us-east-1:111122223333:q", true)]
    [TestCase("arn:aws:sqs:us-*:*:q", "arn:aws:sqs:eu-west-1:111122223333:q", false)]
    [TestCase("arn:aws:logs:*:*:log-group:*", "arn:aws:logs:us-east-1:111122223333:log-group:a:log-stream:b", true)]
    [TestCase("arn:*", "arn:aws:s3:::bucket", false)]
    [TestCase("*", "anything-at-all", true)]
    [TestCase("arn:aws:s3:::bucket/*", "*", false)]
    public void Resource_MatchesSegmentWiseAndCaseSensitively(string pattern, string resource, bool expected)
    {
        var policy = ("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"" + pattern + "\"}}");
        Identity(policy, Request(resource: resource).Build()).Should().Be(expected ? PolicyDecision.Allow : PolicyDecision.ImplicitDeny);
    }

    [Test]
    public void GlobPattern_BacktracksAcrossStars()
    {
        var pattern = GlobPattern.Compile("a*b*c?d", wildcards: true, variables: false);
        var request = Request().Build();
        pattern.Matches("axxbyybzcXd", request, ignoreCase: false, out _).Should().BeTrue();
        pattern.Matches("abcd", request, ignoreCase: false, out _).Should().BeFalse();
        pattern.Matches("abcXdd", request, ignoreCase: false, out _).Should().BeFalse();
        GlobPattern.Compile("**", wildcards: true, variables: false).Matches(string.Empty, request, false, out _).Should().BeTrue();
        GlobPattern.Compile("*a", wildcards: true, variables: false).Matches("bbba", request, false, out _).Should().BeTrue();
    }

    [Test]
    public void ActionIndex_GivesTheSameDecisionsAsScanningEveryStatement()
    {
        var random = new Random(7);
        string[] patterns = ["s3:GetObject", "s3:Get*", "s3:*", "*", "ec2:RunInstances", "ec2:*Instances", "sqs:SendMessage", "*:List*", "iam:?etUser", "S3:PUTOBJECT"];
        string[] actions = ["s3:GetObject", "s3:PutObject", "ec2:RunInstances", "ec2:StopInstances", "sqs:SendMessage", "iam:GetUser", "iam:ListUsers", "kms:Decrypt"];
        string Statement() =>
            "{\"Effect\":\"" + (random.Next(4) == 0 ? "Deny" : "Allow") + "\",\"" + (random.Next(8) == 0 ? "NotAction" : "Action") + "\":[\""
            + patterns[random.Next(patterns.Length)] + "\",\"" + patterns[random.Next(patterns.Length)] + "\"],\"Resource\":\"*\"}";
        var policies = Enumerable.Range(0, 30)
            .Select(i => Compile("{\"Version\":\"2012-10-17\",\"Statement\":[" + string.Join(',', Enumerable.Range(0, 5).Select(_ => Statement())) + "]}", id: $"p{i}"))
            .ToList();
        var set = new PolicySet(policies);
        foreach (var action in actions)
        {
            var request = Request(action: action).Build();
            var trace = new EvaluationTrace();
            PolicyEvaluator.Evaluate(new PolicyEvaluationInput { IdentityPolicies = set }, request, trace);
            var expected = policies.SelectMany(p => p.Statements).Where(s => s.Applies(request, null) != PrincipalMatch.None).Select(s => s.Matched).ToList();
            trace.AllowStatements.Concat(trace.DenyStatements).Should().BeEquivalentTo(expected, action);
        }
    }
}
