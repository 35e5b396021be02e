using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sts.Cli.Tests;

/// <summary>
/// Generates random but reproducible simulate requests (policy/request pairs) for the differential test:
/// random actions, resources, principals, condition operators (every family, IfExists, set qualifiers),
/// policy variables and context values. It draws only real actions, resource ARNs of the action's type
/// and global <c>aws:</c> context keys, which the oracle's input validation accepts. Scenarios listed in
/// known-oracle-deviations.jsonl are not generated (each exclusion names its deviation case).
/// </summary>
internal sealed class SimulateRequestGenerator(int seed)
{
    internal const string AccountA = "111122223333";
    internal const string AccountB = "444455556666";
    private static readonly string Alice = $"arn:aws:iam::{AccountA}:user/alice";
    private static readonly string Session = $"arn:aws:sts::{AccountA}:assumed-role/app/s1";
    private static readonly string Role = $"arn:aws:iam::{AccountA}:role/app";
    private static readonly string Carol = $"arn:aws:iam::{AccountB}:user/carol";

    private static readonly (string[] Actions, string[] Resources)[] Services =
    [
        (["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"], [$"arn:aws:sqs:us-east-1:{AccountA}:queue1", $"arn:aws:sqs:us-east-1:{AccountA}:queue2", $"arn:aws:sqs:eu-west-1:{AccountA}:queue1"]),
        (["sns:Publish"], [$"arn:aws:sns:us-east-1:{AccountA}:topic1"]),
        (["dynamodb:GetItem", "dynamodb:PutItem"], [$"arn:aws:dynamodb:us-east-1:{AccountA}:table/Books", $"arn:aws:dynamodb:us-east-1:{AccountA}:table/Music"]),
    ];

    private static readonly string[] ActionPatterns =
    [
        "sqs:SendMessage", "sqs:ReceiveMessage", "sqs:*", "sqs:Send*", "SQS:sendmessage", "sqs:?eceiveMessage",
        "sns:Publish", "sns:*", "dynamodb:GetItem", "dynamodb:*Item", "dynamodb:Get*", "*",
    ];

    private static readonly string[] ResourcePatterns =
    [
        "*", $"arn:aws:sqs:us-east-1:{AccountA}:queue1", $"arn:aws:sqs:*:{AccountA}:queue*", $"arn:aws:sqs:us-east-1:{AccountA}:queue?",
        $"arn:aws:sqs:eu-*:{AccountA}:*", $"arn:aws:sns:us-east-1:{AccountA}:*", $"arn:aws:dynamodb:us-east-1:{AccountA}:table/*",
        $"arn:aws:dynamodb:us-east-1:{AccountA}:table/Books", "arn:aws:sqs:*:*:*", $"arn:aws:dynamodb:*:*:table/M*",
        $"arn:aws:sqs:us-east-1:{AccountA}:Queue1",
    ];

    // known-oracle-deviations: IpAddressSlashZero and NotIpAddressIpv6RequestAgainstIpv4Ranges — no /0 blocks and no
    // IPv6 request addresses (IPv6 ranges in policies are still generated).
    private static readonly KeySpec[] Keys =
    [
        new("aws:PrincipalTag/team", "string", Family.String, ["blue", "red", "Blue", "bl*", "*e*", "r?d"], ["blue", "red", "BLUE", "green"]),
        new("aws:RequestedRegion", "string", Family.String, ["us-east-1", "eu-*", "us-*", "EU-WEST-1"], ["us-east-1", "eu-west-1", "ap-south-1"]),
        new("aws:SourceIp", "ip", Family.Ip, ["10.0.0.0/8", "192.168.1.0/24", "10.1.2.3/32", "2001:db8::/32", "0.0.0.0/1", "10.1.2.3"], ["10.1.2.3", "192.168.1.77", "172.16.0.1", "100.64.0.1"]),
        new("aws:CurrentTime", "date", Family.Date, ["2020-01-01T00:00:00Z", "2024-06-01T12:00:00Z", "2030-01-01T00:00:00Z"], ["2019-05-05T00:00:00Z", "2024-06-01T12:00:00Z", "2025-01-01T00:00:00Z"]),
        new("aws:MultiFactorAuthAge", "numeric", Family.Numeric, ["0", "300", "3600", "1.5"], ["0", "300", "7200", "1.5"]),
        new("aws:SecureTransport", "boolean", Family.Bool, ["true", "false"], ["true", "false"]),
        new("aws:SourceArn", "string", Family.Arn, [$"arn:aws:sns:*:{AccountA}:topic*", "arn:aws:sns:us-east-1:*:*", $"arn:aws:sqs:us-east-1:{AccountA}:q?", "*"], [$"arn:aws:sns:us-east-1:{AccountA}:topic1", $"arn:aws:sqs:us-east-1:{AccountA}:q1", $"arn:aws:sns:eu-west-1:{AccountB}:x"]),
        new("aws:TagKeys", "stringList", Family.Set, ["env", "team", "cost*"], ["env", "team", "cost-center", "owner"]),
    ];

    private readonly Random _random = new(seed);

    private enum Family
    {
        String,
        Numeric,
        Date,
        Bool,
        Ip,
        Arn,
        Set,
    }

    public string Next()
    {
        var caller = Pick(Alice, Alice, Session, Session, Carol);
        var hasSessionPolicy = caller == Session && Chance(0.3);
        var hasResourcePolicy = Chance(0.4) || caller == Carol;
        var request = new JsonObject
        {
            ["PolicyInputList"] = new JsonArray([.. Enumerable.Range(0, _random.Next(0, 3)).Select(_ => (JsonNode)Policy(principals: false, hasSessionPolicy))]),
        };
        if (Chance(0.2))
        {
            request["PermissionsBoundaryPolicyInputList"] = new JsonArray(Policy(principals: false, hasSessionPolicy));
        }

        if (hasSessionPolicy)
        {
            request["SessionPolicyInputList"] = new JsonArray(Policy(principals: false, hasSessionPolicy));
        }

        if (hasResourcePolicy)
        {
            request["ResourcePolicy"] = Policy(principals: true, hasSessionPolicy);
            request["ResourceOwner"] = $"arn:aws:iam::{AccountA}:root";
        }

        request["CallerArn"] = caller;
        var service = Pick(Services);
        var actions = Enumerable.Range(0, _random.Next(1, 3)).Select(_ => Pick(service.Actions)).Distinct();
        var resources = Enumerable.Range(0, _random.Next(1, 3)).Select(_ => Pick(service.Resources)).Distinct();
        request["ActionNames"] = new JsonArray([.. actions.Select(a => (JsonNode)a)]);
        request["ResourceArns"] = new JsonArray([.. resources.Select(r => (JsonNode)r)]);
        var entries = new JsonArray();
        foreach (var key in Keys)
        {
            if (!Chance(0.65))
            {
                continue;
            }

            var values = key.Family == Family.Set
                ? key.ContextValues.Where(_ => Chance(0.5)).DefaultIfEmpty(key.ContextValues[0]).ToArray()
                : [Pick(key.ContextValues)];
            entries.Add(new JsonObject
            {
                ["ContextKeyName"] = key.Name,
                ["ContextKeyValues"] = new JsonArray([.. values.Select(v => (JsonNode)v)]),
                ["ContextKeyType"] = key.ContextType,
            });
        }

        if (Chance(0.5))
        {
            entries.Add(new JsonObject { ["ContextKeyName"] = "aws:username", ["ContextKeyValues"] = new JsonArray(Pick("blue", "alice")), ["ContextKeyType"] = "string" });
        }

        request["ContextEntries"] = entries;
        return request.ToJsonString();
    }

    private string Policy(bool principals, bool hasSessionPolicy)
    {
        var statements = new JsonArray();
        var count = _random.Next(1, 5);
        for (var i = 0; i < count; i++)
        {
            var effect = Chance(0.7) ? "Allow" : "Deny";
            var statement = new JsonObject { ["Effect"] = effect };
            if (principals)
            {
                // known-oracle-deviations: ResourcePolicyNamesSessionArn_SessionPolicyDoesNotAllow — with a session policy,
                // a resource policy naming the session (or everyone) is not generated.
                var forms = hasSessionPolicy
                    ? new[] { AccountA, $"arn:aws:iam::{AccountA}:root", Alice, Role, Carol, AccountB }
                    : [AccountA, $"arn:aws:iam::{AccountA}:root", Alice, Role, Session, Carol, AccountB, "*"];
                var chosen = Enumerable.Range(0, _random.Next(1, 3)).Select(_ => Pick(forms)).Distinct().ToList();
                statement["Principal"] = chosen.Contains("*") && Chance(0.5) ? "*" : new JsonObject { ["AWS"] = new JsonArray([.. chosen.Select(c => (JsonNode)c)]) };
            }

            var actions = Enumerable.Range(0, _random.Next(1, 3)).Select(_ => Pick(ActionPatterns)).Distinct().ToList();
            statement[Chance(0.1) ? "NotAction" : "Action"] = new JsonArray([.. actions.Select(a => (JsonNode)a)]);
            var resources = Enumerable.Range(0, _random.Next(1, 3)).Select(_ => Pick(ResourcePatterns)).Distinct().ToList();
            if (Chance(0.1))
            {
                resources.Add($"arn:aws:sqs:us-east-1:{AccountA}:${{aws:username}}");
            }

            statement[Chance(0.1) ? "NotResource" : "Resource"] = new JsonArray([.. resources.Select(r => (JsonNode)r)]);
            if (Chance(0.7))
            {
                statement["Condition"] = Conditions();
            }

            statements.Add(statement);
        }

        return new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = statements }.ToJsonString();
    }

    private JsonObject Conditions()
    {
        var block = new JsonObject();
        var count = _random.Next(1, 3);
        for (var i = 0; i < count; i++)
        {
            var key = Pick(Keys);
            string op;
            string[] values;
            if (Chance(0.1))
            {
                op = "Null";
                values = [Pick("true", "false")];
            }
            else
            {
                var baseOp = key.Family switch
                {
                    Family.String => Pick("StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike"),
                    Family.Numeric => Pick("NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals"),
                    Family.Date => Pick("DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals"),
                    Family.Bool => "Bool",
                    Family.Ip => Pick("IpAddress", "NotIpAddress"),
                    Family.Arn => Pick("ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"),
                    _ => Pick("ForAllValues:StringEquals", "ForAnyValue:StringEquals", "ForAllValues:StringLike", "ForAnyValue:StringLike", "ForAllValues:StringNotEquals", "ForAnyValue:StringNotLike"),
                };
                op = baseOp + (Chance(0.2) ? "IfExists" : string.Empty);
                values = [.. Enumerable.Range(0, _random.Next(1, 3)).Select(_ => Pick(key.PolicyValues)).Distinct()];
                var negated = baseOp.Contains("Not", StringComparison.Ordinal);
                if (key.Name == "aws:PrincipalTag/team" && Chance(0.3))
                {
                    // known-oracle-deviations: UnresolvedVariableInNegatedCondition — negated operators get a default.
                    values = [negated || Chance(0.5) ? "${aws:username, 'blue'}" : "${aws:username}"];
                }
            }

            var existing = block[op] as JsonObject;
            if (existing is null)
            {
                block[op] = existing = new JsonObject();
            }

            existing[key.Name] = new JsonArray([.. values.Select(v => (JsonNode)v)]);
        }

        return block;
    }

    private bool Chance(double p) => _random.NextDouble() < p;

    private T Pick<T>(params T[] items) => items[_random.Next(items.Length)];

    private sealed record KeySpec(string Name, string ContextType, Family Family, string[] PolicyValues, string[] ContextValues);
}
