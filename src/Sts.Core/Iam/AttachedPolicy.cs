namespace Sts.Core.Iam;

/// <summary>A managed policy attached to a user or role.</summary>
/// <param name="PolicyName">The policy name.</param>
/// <param name="PolicyArn">The policy ARN.</param>
public sealed record AttachedPolicy(string PolicyName, string PolicyArn);
