using System.Collections.Immutable;

namespace Sts.Policy;

/// <summary>
/// The rules past the grammar: version, legacy parsing, Sids, actions, resources and principals by
/// policy kind, literal condition values, and the warnings for risky documents. Findings carry the
/// phase AWS checks them in, so the first error is AWS's.
/// </summary>
internal static class PolicyRules
{
    private static readonly string[] Partitions = ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"];

    private static readonly string[] IamResourcePrefixes =
    [
        "user/", "federated-user/", "role/", "group/", "instance-profile/", "mfa/", "server-certificate/", "policy/",
        "sms-mfa/", "saml-provider/", "oidc-provider/", "report/", "access-report/",
    ];

    internal static void Check(ParseSession session, PolicyKind kind, PolicyVersion version, ImmutableArray<PolicyStatement> statements, bool ignoreIdentityPrincipal = false)
    {
        if (kind == PolicyKind.Identity && version != PolicyVersion.V20121017)
        {
            session.Error(ParsePhase.Version, PolicyMessages.VersionRequired);
        }

        foreach (var (index, effect) in session.EffectCaseMismatches)
        {
            session.Error(ParsePhase.Legacy, PolicyMessages.Legacy($"Effect {PolicyMessages.Quote(effect)} of statement {index} must be spelled \"Allow\" or \"Deny\"."));
        }

        CheckSids(session, kind, statements);
        foreach (var statement in statements)
        {
            CheckStatement(session, kind, statement, ignoreIdentityPrincipal);
        }
    }

    private static void CheckStatement(ParseSession session, PolicyKind kind, PolicyStatement statement, bool ignoreIdentityPrincipal)
    {
        foreach (var condition in statement.Conditions)
        {
            CheckConditionValues(session, condition);
        }

        if (statement.Action is not { Patterns.Length: > 0 } action)
        {
            AddOnce(session, ParsePhase.Actions, PolicyMessages.MustContainActions);
        }
        else
        {
            foreach (var pattern in action.Patterns)
            {
                CheckActionPrefix(session, pattern);
            }
        }

        if (kind == PolicyKind.Trust)
        {
            CheckTrustStatement(session, statement);
        }
        else
        {
            if (statement.Resource is not { Patterns.Length: > 0 } resource)
            {
                AddOnce(session, ParsePhase.Resources, PolicyMessages.MustContainResources);
            }
            else
            {
                CheckResources(session, resource);
            }
        }

        CheckPrincipal(session, kind, statement, ignoreIdentityPrincipal);
        Warn(session, statement);
    }

    private static void CheckSids(ParseSession session, PolicyKind kind, ImmutableArray<PolicyStatement> statements)
    {
        HashSet<string>? seen = statements.Length > 16 ? new HashSet<string>(StringComparer.Ordinal) : null;
        for (var i = 0; i < statements.Length; i++)
        {
            var statement = statements[i];
            if (string.IsNullOrEmpty(statement.Sid))
            {
                continue;
            }

            if (kind != PolicyKind.Resource && statement.Sid.AsSpan().ContainsAnyExcept(AlphaNumeric))
            {
                session.Error(ParsePhase.Syntax, $"{PolicyMessages.SidAlphanumeric} (Sid {PolicyMessages.Quote(statement.Sid)}).");
            }

            if (seen is null ? SidSeenBefore(statements, i) : !seen.Add(statement.Sid))
            {
                AddOnce(session, ParsePhase.SidUniqueness, PolicyMessages.SidUnique);
            }
        }
    }

    private static bool SidSeenBefore(ImmutableArray<PolicyStatement> statements, int index)
    {
        for (var j = 0; j < index; j++)
        {
            if (string.Equals(statements[j].Sid, statements[index].Sid, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly System.Buffers.SearchValues<char> AlphaNumeric =
        System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private static readonly System.Buffers.SearchValues<char> VendorCharacters =
        System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-.");

    private static void CheckActionPrefix(ParseSession session, string action)
    {
        var colon = action.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            if (action != "*")
            {
                session.Error(ParsePhase.ActionPrefix, PolicyMessages.VendorRequired);
            }

            return;
        }

        if (action.IndexOf(':', colon + 1) >= 0)
        {
            session.Error(ParsePhase.ActionPrefix, PolicyMessages.OneColon);
            return;
        }

        var vendor = action.AsSpan(0, colon);
        if (vendor is not "*" && vendor.ContainsAnyExcept(VendorCharacters))
        {
            session.Error(ParsePhase.ActionPrefix, $"Vendor {PolicyMessages.Truncate(vendor.ToString())} is not valid");
        }
    }

    private static void CheckResources(ParseSession session, ResourceElement resource)
    {
        var formatError = false;
        foreach (var pattern in resource.Patterns)
        {
            if (ResourceFormatError(pattern) is { } error)
            {
                session.Error(ParsePhase.ResourceFormat, error);
                formatError = true;
            }
        }

        if (formatError)
        {
            return;
        }

        foreach (var pattern in resource.Patterns)
        {
            if (pattern == "*")
            {
                continue;
            }

            if (FailsLegacyParsing(pattern))
            {
                session.Error(ParsePhase.Legacy, PolicyMessages.Legacy($"Resource {PolicyMessages.Quote(pattern)} is not arn:partition:service:region:account:resource."));
            }
        }
    }

    /// <summary>AWS's resource format check (moto's port of AWS's answers); null when the pattern is acceptable. Allocates only for an error.</summary>
    private static string? ResourceFormatError(string resource)
    {
        if (resource == "*")
        {
            return null;
        }

        var span = resource.AsSpan();
        var first = span.IndexOf(':');
        if (first < 0)
        {
            return $"Resource {PolicyMessages.Truncate(resource)} must be in ARN format or \"*\".";
        }

        var rest = span[(first + 1)..];
        var second = rest.IndexOf(':');
        var partition = second < 0 ? rest : rest[..second];
        if (partition is not "*" && !IsPartition(partition))
        {
            return PartitionError(partition.ToString(), second < 0 ? string.Empty : rest[(second + 1)..].ToString(), second >= 0);
        }

        if (second < 0)
        {
            return PolicyMessages.VendorFullyQualified;
        }

        var afterPartition = rest[(second + 1)..];
        var third = afterPartition.IndexOf(':');
        var vendor = third < 0 ? afterPartition : afterPartition[..third];
        var regionAndRest = third < 0 ? [] : afterPartition[(third + 1)..];
        var regionEnd = regionAndRest.IndexOf(':');
        var accountAndRest = regionEnd < 0 ? [] : regionAndRest[(regionEnd + 1)..];
        var accountEnd = accountAndRest.IndexOf(':');
        var resourceId = accountEnd < 0 ? [] : accountAndRest[(accountEnd + 1)..];
        var hasRegion = regionAndRest.Length > 0 && regionAndRest[0] != ':';

        if (vendor is "iam")
        {
            if (hasRegion)
            {
                return $"IAM resource {PolicyMessages.Truncate(resource)} cannot contain region information.";
            }

            if (resourceId is not "*" && !StartsWithIamPrefix(resourceId))
            {
                return PolicyMessages.IamResourcePath;
            }
        }
        else if (vendor is "s3" && hasRegion && !resourceId.StartsWith("accesspoint/", StringComparison.Ordinal))
        {
            return $"Resource {PolicyMessages.Truncate(resource)} can not contain region information.";
        }

        return null;
    }

    private static bool IsPartition(ReadOnlySpan<char> partition)
    {
        foreach (var known in Partitions)
        {
            if (partition.SequenceEqual(known))
            {
                return true;
            }
        }

        return false;
    }

    private static bool StartsWithIamPrefix(ReadOnlySpan<char> resourceId)
    {
        foreach (var prefix in IamResourcePrefixes)
        {
            if (resourceId.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string PartitionError(string partition, string remainingText, bool hasRemaining)
    {
        var remaining = hasRemaining ? remainingText.Split(':') : [string.Empty];
        var service = remaining[0].Length != 0 || remaining.Length > 1 ? remaining[0] : "*";
        var region = remaining.Length > 1 ? remaining[1] : "*";
        var account = remaining.Length > 2 ? remaining[2] : "*";
        var id = remaining.Length > 3 ? string.Join(':', remaining[3..]) : "*";
        return PolicyMessages.Truncate($"Partition \"{partition}\" is not valid for resource \"arn:{partition}:{service}:{region}:{account}:{id}\".");
    }

    /// <summary>AWS's legacy resource parser: fewer than five colons with an empty part, or an empty service part, fails.</summary>
    private static bool FailsLegacyParsing(string pattern)
    {
        var span = pattern.AsSpan();
        if (span.Count(':') < 5 && span.Contains("::", StringComparison.Ordinal))
        {
            return true;
        }

        var first = span.IndexOf(':');
        if (first < 0)
        {
            return false;
        }

        var second = span[(first + 1)..].IndexOf(':');
        if (second < 0)
        {
            return false;
        }

        var third = span[(first + second + 2)..];
        return third.Length == 0 || third[0] == ':';
    }

    private static void CheckConditionValues(ParseSession session, PolicyCondition condition)
    {
        var kind = condition.Operator.Kind;
        foreach (var value in condition.Values)
        {
            var text = value.Text;
            string? problem = kind switch
            {
                >= ConditionOperatorKind.DateEquals and <= ConditionOperatorKind.DateGreaterThanEquals =>
                    value.Kind == ConditionValueKind.Boolean || !PolicyLiterals.IsDate(text) ? "date" : null,
                >= ConditionOperatorKind.NumericEquals and <= ConditionOperatorKind.NumericGreaterThanEquals =>
                    value.Kind == ConditionValueKind.Boolean || !PolicyLiterals.IsNumber(text) ? "number" : null,
                ConditionOperatorKind.Bool =>
                    value.Kind == ConditionValueKind.Number || (!PolicyLiterals.IsBool(text) && !HasVariable(text)) ? "boolean (\"true\" or \"false\")" : null,
                ConditionOperatorKind.Null =>
                    value.Kind == ConditionValueKind.Number || !PolicyLiterals.IsBool(text) ? "boolean (\"true\" or \"false\")" : null,
                ConditionOperatorKind.BinaryEquals =>
                    value.Kind != ConditionValueKind.String || !PolicyLiterals.IsBase64(text) ? "base64 value" : null,
                ConditionOperatorKind.IpAddress or ConditionOperatorKind.NotIpAddress =>
                    value.Kind != ConditionValueKind.String || !PolicyLiterals.IsCidr(text) ? "IP address or CIDR" : null,
                _ => null,
            };

            if (problem is null)
            {
                continue;
            }

            var reason = $"{condition.Operator.Text} value {PolicyMessages.Quote(text)} for key {PolicyMessages.Quote(condition.Key)} is not a valid {problem}.";
            session.Error(ParsePhase.Legacy, problem == "date" ? PolicyMessages.Legacy(reason) : PolicyMessages.Syntax(reason));
        }
    }

    private static bool HasVariable(string text) => text.Contains("${", StringComparison.Ordinal);

    private static void CheckTrustStatement(ParseSession session, PolicyStatement statement)
    {
        if (statement.Resource is not null)
        {
            AddOnce(session, ParsePhase.Kind, statement.Resource.IsNot ? "Has prohibited field NotResource." : PolicyMessages.ResourceProhibited);
        }

        if (statement.Action is { } action)
        {
            foreach (var pattern in action.Patterns)
            {
                if (!pattern.StartsWith("sts:", StringComparison.OrdinalIgnoreCase))
                {
                    AddOnce(session, ParsePhase.Kind, PolicyMessages.TrustActions);
                }
            }
        }
    }

    private static void CheckPrincipal(ParseSession session, PolicyKind kind, PolicyStatement statement, bool ignoreIdentityPrincipal)
    {
        var principal = statement.Principal;
        if (kind is PolicyKind.Identity or PolicyKind.Session)
        {
            if (principal is not null && !(ignoreIdentityPrincipal && kind == PolicyKind.Identity))
            {
                AddOnce(session, ParsePhase.Kind, PolicyMessages.NoPrincipal);
            }

            return;
        }

        if (principal is null)
        {
            AddOnce(session, ParsePhase.Kind, PolicyMessages.PrincipalRequired);
            return;
        }

        if (principal.IsNot && kind == PolicyKind.Trust)
        {
            AddOnce(session, ParsePhase.Kind, PolicyMessages.NotPrincipalProhibited);
        }

        foreach (var p in principal.Principals)
        {
            if (!IsValidPrincipal(p))
            {
                session.Error(ParsePhase.Kind, $"Invalid principal in policy: \"{TypeName(p.Type)}\":\"{PolicyMessages.Truncate(p.Value)}\"");
            }
        }
    }

    private static bool IsValidPrincipal(PolicyPrincipal principal)
    {
        var value = principal.Value;
        if (value == "*")
        {
            return principal.Type is PrincipalType.Aws or PrincipalType.CanonicalUser;
        }

        if (value.Length == 0 || value.Contains('*', StringComparison.Ordinal) || value.Contains('?', StringComparison.Ordinal))
        {
            return false;
        }

        return principal.Type switch
        {
            PrincipalType.Aws => (value.Length == 12 && !value.AsSpan().ContainsAnyExceptInRange('0', '9')) || Arn.TryParse(value, out _),
            PrincipalType.Federated => !value.StartsWith("arn:", StringComparison.Ordinal) || Arn.TryParse(value, out _),
            _ => true,
        };
    }

    private static string TypeName(PrincipalType type) => type switch
    {
        PrincipalType.Aws => "AWS",
        PrincipalType.Federated => "Federated",
        PrincipalType.Service => "Service",
        _ => "CanonicalUser",
    };

    private static void Warn(ParseSession session, PolicyStatement statement)
    {
        if (statement.Effect != PolicyEffect.Allow)
        {
            return;
        }

        if (statement.Action is { IsNot: false } action && action.Patterns.Contains("*")
            && statement.Resource is { IsNot: false } resource && resource.Patterns.Contains("*"))
        {
            session.Warning(PolicyMessages.WarnAllowAll, $"{Name(statement)} allows every action (\"*\") on every resource (\"*\").");
        }

        if (statement.Action is { IsNot: true })
        {
            session.Warning(PolicyMessages.WarnAllowNotAction, $"{Name(statement)} uses Allow with NotAction: it allows every action not listed, including future ones.");
        }

        if (statement.Resource is { IsNot: true })
        {
            session.Warning(PolicyMessages.WarnAllowNotResource, $"{Name(statement)} uses Allow with NotResource: it allows every resource not listed.");
        }

        if (statement.Principal is { IsNot: false } principal && statement.Conditions.IsEmpty
            && (principal.IsWildcard || principal.Principals.Any(static p => p.Value == "*")))
        {
            session.Warning(PolicyMessages.WarnWildcardPrincipal, $"{Name(statement)} allows any principal (\"*\"), anonymous callers included, without a condition.");
        }
    }

    private static string Name(PolicyStatement statement) =>
        statement.Sid is { Length: > 0 } sid ? $"Statement {PolicyMessages.Quote(sid)}" : $"Statement {statement.Index}";

    private static void AddOnce(ParseSession session, ParsePhase phase, string message)
    {
        if (!session.HasError(message))
        {
            session.Error(phase, message);
        }
    }
}
