namespace Sts.Policy;

/// <summary>AWS's wording for policy findings, and the helpers that quote input in them.</summary>
internal static class PolicyMessages
{
    internal const string MalformedPolicyDocument = "MalformedPolicyDocument";
    internal const string MalformedPolicy = "MalformedPolicy";
    internal const string LimitExceeded = "LimitExceeded";
    internal const string ValidationError = "ValidationError";

    internal const string SyntaxErrors = "Syntax errors in policy.";
    internal const string LegacyParsing = "The policy failed legacy parsing";
    internal const string VersionRequired = "Policy document must be version 2012-10-17 or greater.";
    internal const string MustContainActions = "Policy statement must contain actions.";
    internal const string MustContainResources = "Policy statement must contain resources.";
    internal const string VendorRequired = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.";
    internal const string OneColon = "Actions/Condition can contain only one colon.";
    internal const string VendorFullyQualified = "Resource vendor must be fully qualified and cannot contain regexes.";
    internal const string IamResourcePath = "IAM resource path must either be \"*\" or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.";
    internal const string SidUnique = "Statement IDs (SID) in a single policy must be unique.";
    internal const string SidAlphanumeric = "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*";
    internal const string NoPrincipal = "Policy document should not specify a principal.";
    internal const string PrincipalRequired = "Missing required field Principal.";
    internal const string ResourceProhibited = "Has prohibited field Resource.";
    internal const string NotPrincipalProhibited = "Has prohibited field NotPrincipal.";
    internal const string TrustActions = "Trust Policy statement actions can only be sts:AssumeRole, sts:AssumeRoleWithSAML,  and sts:AssumeRoleWithWebIdentity";

    internal const string WarnAllowAll = "AllowAllActionsOnAllResources";
    internal const string WarnAllowNotAction = "AllowWithNotAction";
    internal const string WarnAllowNotResource = "AllowWithNotResource";
    internal const string WarnWildcardPrincipal = "WildcardPrincipalWithoutCondition";
    internal const string WarnUnknownOperatorIgnored = "UnknownConditionOperatorIgnored";

    /// <summary>AWS's generic syntax message followed by a precise reason, kept on one line (the reason may quote raw input).</summary>
    internal static string Syntax(string reason) => $"{SyntaxErrors} {Truncate(reason, 256)}";

    internal static string Legacy(string reason) => $"{LegacyParsing}. {reason}";

    /// <summary>Quotes input for a message, truncated to 64 characters.</summary>
    internal static string Quote(string text) => $"\"{Truncate(text, 64)}\"";

    /// <summary>Truncates input embedded unquoted in one of AWS's own messages, keeping the message on one line.</summary>
    internal static string Truncate(string text) => Truncate(text, 128);

    private static string Truncate(string text, int max)
    {
        var shown = text.Length <= max ? text : $"{text[..(max - 3)]}...";
        if (!shown.AsSpan().ContainsAnyInRange('\0', '\u001F'))
        {
            return shown;
        }

        var escaped = new System.Text.StringBuilder(shown.Length + 8);
        foreach (var c in shown)
        {
            escaped.Append(c < ' ' ? $"\\u{(int)c:X4}" : c);
        }

        return escaped.ToString();
    }
}
