using Sts.Policy.Evaluation;
using static Sts.Policy.Tests.Evaluation.EvaluationTestKit;

namespace Sts.Policy.Tests.Evaluation;

/// <summary>Every operator family against present values, one case per rule of the condition operators page.</summary>
public class ConditionOperatorTests
{
    private static readonly (string Key, ContextValueType Type, string[] Values)[] Context =
    [
        ("test:str", ContextValueType.String, ["Blue"]),
        ("test:num", ContextValueType.Numeric, ["10"]),
        ("test:date", ContextValueType.Date, ["2024-06-01T12:00:00Z"]),
        ("test:bool", ContextValueType.Boolean, ["true"]),
        ("test:ip", ContextValueType.IpAddress, ["203.0.113.9"]),
        ("test:ip6", ContextValueType.IpAddress, ["2001:db8::1"]),
        ("test:bin", ContextValueType.Binary, ["AQID"]),
        ("test:arn", ContextValueType.Arn, ["arn:aws:sns:us-east-1:111122223333:topic-1"]),
        ("test:list", ContextValueType.String, ["a", "b"]),
    ];

    [TestCase("StringEquals", "test:str", "\"Blue\"", true)]
    [TestCase("StringEquals", "test:str", "\"blue\"", false)]
    [TestCase("StringEquals", "test:str", "[\"x\",\"Blue\"]", true)]
    [TestCase("StringEquals", "test:str", "\"Bl*\"", false)]
    [TestCase("StringNotEquals", "test:str", "\"blue\"", true)]
    [TestCase("StringNotEquals", "test:str", "[\"x\",\"Blue\"]", false)]
    [TestCase("StringEqualsIgnoreCase", "test:str", "\"BLUE\"", true)]
    [TestCase("StringNotEqualsIgnoreCase", "test:str", "\"bLuE\"", false)]
    [TestCase("StringLike", "test:str", "\"B?u*\"", true)]
    [TestCase("StringLike", "test:str", "\"b*\"", false)]
    [TestCase("StringNotLike", "test:str", "[\"x*\",\"y*\"]", true)]
    [TestCase("StringNotLike", "test:str", "[\"x*\",\"B*\"]", false)]
    [TestCase("NumericEquals", "test:num", "\"10.0\"", true)]
    [TestCase("NumericEquals", "test:num", "10", true)]
    [TestCase("NumericNotEquals", "test:num", "\"10\"", false)]
    [TestCase("NumericLessThan", "test:num", "\"10\"", false)]
    [TestCase("NumericLessThanEquals", "test:num", "\"10\"", true)]
    [TestCase("NumericGreaterThan", "test:num", "\"9.5\"", true)]
    [TestCase("NumericGreaterThanEquals", "test:num", "\"11\"", false)]
    [TestCase("NumericEquals", "test:num", "\"ten\"", false)]
    [TestCase("DateEquals", "test:date", "\"2024-06-01T14:00:00+02:00\"", true)]
    [TestCase("DateNotEquals", "test:date", "\"2024-06-01T12:00:00Z\"", false)]
    [TestCase("DateLessThan", "test:date", "\"2025-01-01\"", true)]
    [TestCase("DateLessThanEquals", "test:date", "\"1717243200\"", true)]
    [TestCase("DateGreaterThan", "test:date", "\"1717243200\"", false)]
    [TestCase("DateGreaterThanEquals", "test:date", "\"2024-06-01T12:00:00Z\"", true)]
    [TestCase("Bool", "test:bool", "\"true\"", true)]
    [TestCase("Bool", "test:bool", "true", true)]
    [TestCase("Bool", "test:bool", "\"false\"", false)]
    [TestCase("BinaryEquals", "test:bin", "\"AQID\"", true)]
    [TestCase("BinaryEquals", "test:bin", "\"AQIE\"", false)]
    [TestCase("IpAddress", "test:ip", "\"203.0.113.0/24\"", true)]
    [TestCase("IpAddress", "test:ip", "\"203.0.113.9\"", true)]
    [TestCase("IpAddress", "test:ip", "\"0.0.0.0/0\"", true)]
    [TestCase("IpAddress", "test:ip", "\"2001:db8::/32\"", false)]
    [TestCase("IpAddress", "test:ip6", "\"2001:db8::/32\"", true)]
    [TestCase("NotIpAddress", "test:ip6", "\"10.0.0.0/8\"", true)]
    [TestCase("NotIpAddress", "test:ip", "[\"10.0.0.0/8\",\"203.0.113.0/25\"]", false)]
    [TestCase("ArnLike", "test:arn", "\"arn:aws:sns:*:111122223333:topic-?\"", true)]
    [TestCase("ArnLike", "test:arn", "\"arn:aws:sns:*:111122223333\"", false)]
    [TestCase("ArnEquals", "test:arn", "\"arn:aws:sns:us-*:*:*\"", true)]
    [TestCase("ArnEquals", "test:arn", "\"arn:aws:SNS:us-east-1:111122223333:topic-1\"", false)]
    [TestCase("ArnNotLike", "test:arn", "\"arn:aws:sqs:*:*:*\"", true)]
    [TestCase("ArnNotEquals", "test:arn", "\"arn:aws:sns:*:*:*\"", false)]
    [TestCase("Null", "test:str", "\"false\"", true)]
    [TestCase("Null", "test:str", "\"true\"", false)]
    [TestCase("Null", "test:absent", "\"true\"", true)]
    [TestCase("StringEquals", "TEST:STR", "\"Blue\"", true)]
    [TestCase("StringEquals", "test:list", "\"b\"", true)]
    [TestCase("StringNotEquals", "test:list", "\"b\"", false)]
    [TestCase("ForAllValues:StringEquals", "test:list", "[\"a\",\"b\",\"c\"]", true)]
    [TestCase("ForAllValues:StringEquals", "test:list", "\"a\"", false)]
    [TestCase("ForAnyValue:StringEquals", "test:list", "\"a\"", true)]
    [TestCase("ForAnyValue:StringNotEquals", "test:list", "\"a\"", true)]
    [TestCase("ForAllValues:StringNotEquals", "test:list", "\"a\"", false)]
    [TestCase("ForAllValues:StringNotLike", "test:list", "\"z*\"", true)]
    [TestCase("StringEqualsIfExists", "test:str", "\"x\"", false)]
    public void Operator_AgainstPresentValue_MatchesAsDocumented(string op, string key, string valuesJson, bool expected)
    {
        var decision = Identity(AllowWithCondition(("{\"" + op + "\":{\"" + key + "\":" + valuesJson + "}}")), Build());
        decision.Should().Be(expected ? PolicyDecision.Allow : PolicyDecision.ImplicitDeny);
    }

    [TestCase("StringEquals", false)]
    [TestCase("StringNotEquals", true)]
    [TestCase("StringLike", false)]
    [TestCase("StringNotLike", true)]
    [TestCase("NumericLessThan", false)]
    [TestCase("NumericNotEquals", true)]
    [TestCase("DateNotEquals", true)]
    [TestCase("NotIpAddress", true)]
    [TestCase("IpAddress", false)]
    [TestCase("ArnNotLike", true)]
    [TestCase("ArnLike", false)]
    [TestCase("Bool", false)]
    [TestCase("BinaryEquals", false)]
    [TestCase("StringEqualsIfExists", true)]
    [TestCase("BoolIfExists", true)]
    [TestCase("ForAllValues:StringEquals", true)]
    [TestCase("ForAllValues:StringNotEquals", true)]
    [TestCase("ForAnyValue:StringEquals", false)]
    [TestCase("ForAnyValue:StringNotEquals", false)]
    [TestCase("ForAnyValue:StringEqualsIfExists", true)]
    [TestCase("Null", false)]
    public void Operator_WithAbsentKey_FollowsTheMissingKeyTable(string op, bool expected)
    {
        var value = op.StartsWith("Null", StringComparison.Ordinal) ? "\"false\"" : op.Contains("Ip", StringComparison.Ordinal) ? "\"10.0.0.0/8\"" : op.Contains("Arn", StringComparison.Ordinal) ? "\"arn:aws:s3:::*:*:*\"" : "\"1\"";
        var policy = AllowWithCondition(("{\"" + op + "\":{\"test:absent\":" + value + "}}"));
        Identity(policy, Build()).Should().Be(expected ? PolicyDecision.Allow : PolicyDecision.ImplicitDeny);
    }

    [Test]
    public void Operator_WithEmptyValueList_CountsAsAbsent()
    {
        var request = Request().Add("test:empty").Build();
        Identity(AllowWithCondition("""{"ForAllValues:StringEquals":{"test:empty":"a"}}"""), request).Should().Be(PolicyDecision.Allow);
        Identity(AllowWithCondition("""{"ForAnyValue:StringEquals":{"test:empty":"a"}}"""), request).Should().Be(PolicyDecision.ImplicitDeny);
        Identity(AllowWithCondition("""{"Null":{"test:empty":"true"}}"""), request).Should().Be(PolicyDecision.Allow);
    }

    [Test]
    public void Conditions_KeysAndOperatorsAreAnded()
    {
        var both = AllowWithCondition("""{"StringEquals":{"test:str":"Blue","test:num":"10"},"Bool":{"test:bool":"true"}}""");
        var oneFails = AllowWithCondition("""{"StringEquals":{"test:str":"Blue","test:num":"11"},"Bool":{"test:bool":"true"}}""");
        Identity(both, Build()).Should().Be(PolicyDecision.Allow);
        Identity(oneFails, Build()).Should().Be(PolicyDecision.ImplicitDeny);
    }

    [Test]
    public void Registry_CoversAll27Operators()
    {
        Enum.GetValues<ConditionOperatorKind>().Should().HaveCount(27);
        ConditionOperatorRegistry.Definitions.Keys.Should().BeEquivalentTo(Enum.GetValues<ConditionOperatorKind>());
        ConditionOperatorRegistry.Definitions.Where(d => d.Value.Negated).Select(d => d.Key)
            .Should().BeEquivalentTo(Enum.GetValues<ConditionOperatorKind>().Where(k => ConditionOperator.TryParse(k.ToString(), out var o) && o.IsNegated));
    }

    private static RequestContext Build()
    {
        var builder = Request();
        foreach (var (key, type, values) in Context)
        {
            builder.TryAdd(key, type, values, out var error).Should().BeTrue(error);
        }

        return builder.Build();
    }
}
