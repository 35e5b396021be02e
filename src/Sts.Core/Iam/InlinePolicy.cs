namespace Sts.Core.Iam;

/// <summary>An inline policy of a user or role.</summary>
/// <param name="EntityName">The user or role name.</param>
/// <param name="PolicyName">The policy name, unique per entity case-insensitively.</param>
/// <param name="PolicyDocument">The policy document, exactly as submitted.</param>
public sealed record InlinePolicy(string EntityName, string PolicyName, string PolicyDocument);
