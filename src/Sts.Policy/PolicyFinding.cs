namespace Sts.Policy;

/// <summary>One validation finding: an error with its AWS wire code, or a warning.</summary>
/// <param name="Severity">Error or warning.</param>
/// <param name="Code">The AWS error code for errors (<c>MalformedPolicyDocument</c>, <c>LimitExceeded</c>...); a stable short name for warnings.</param>
/// <param name="Message">One line saying what is wrong, quoting the offending input (truncated).</param>
public sealed record PolicyFinding(PolicyFindingSeverity Severity, string Code, string Message);
