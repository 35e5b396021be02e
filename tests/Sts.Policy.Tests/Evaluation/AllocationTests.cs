using Sts.Policy.Evaluation;
using static Sts.Policy.Tests.Evaluation.EvaluationTestKit;

namespace Sts.Policy.Tests.Evaluation;

/// <summary>Evaluation without a trace allocates nothing (a byte count, not a timing).</summary>
public class AllocationTests
{
    [Test]
    public void Evaluate_WarmedUp_AllocatesNoBytes()
    {
        var policy = Compile("""
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":"arn:aws:s3:::bucket/${aws:username}/*","Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","2001:db8::/32"]},"StringLike":{"s3:prefix":"${aws:username}/*"}}},
          {"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}},
          {"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::bucket/*","Condition":{"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"},"NumericLessThan":{"s3:max-keys":"100"},"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}}
        ]}
        """);
        var input = new PolicyEvaluationInput { IdentityPolicies = new PolicySet([policy]) };
        var builder = Request(resource: "arn:aws:s3:::bucket/alice/x").AddString("aws:username", "alice").AddString("s3:prefix", "alice/docs").AddString("aws:TagKeys", "a");
        builder.TryAdd("aws:SourceIp", ContextValueType.IpAddress, ["10.1.2.3"], out _);
        builder.TryAdd("aws:SecureTransport", ContextValueType.Boolean, ["true"], out _);
        builder.TryAdd("aws:CurrentTime", ContextValueType.Date, ["2025-01-01T00:00:00Z"], out _);
        builder.TryAdd("s3:max-keys", ContextValueType.Numeric, ["10"], out _);
        var request = builder.Build();
        PolicyEvaluator.Evaluate(input, request).Should().Be(PolicyDecision.Allow);
        var put = request.WithActionAndResource("s3:PutObject", "arn:aws:s3:::bucket/y");
        PolicyEvaluator.Evaluate(input, put).Should().Be(PolicyDecision.Allow);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            PolicyEvaluator.Evaluate(input, request);
            PolicyEvaluator.Evaluate(input, put);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }
}
