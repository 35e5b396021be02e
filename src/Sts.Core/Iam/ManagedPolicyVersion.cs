namespace Sts.Core.Iam;

/// <summary>One version of a managed policy.</summary>
/// <param name="VersionId">The version id, <c>v1</c>, <c>v2</c>, ...</param>
/// <param name="Document">The policy document exactly as submitted; null in list results, as in AWS.</param>
/// <param name="IsDefaultVersion">Whether this version is the one in force.</param>
/// <param name="CreateDate">When the version was created.</param>
public sealed record ManagedPolicyVersion(string VersionId, string? Document, bool IsDefaultVersion, DateTimeOffset CreateDate);
