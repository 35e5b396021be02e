using System.Collections.Immutable;

namespace Sts.Core.Iam;

/// <summary>One policy document in force for a principal, with where it came from (inline policy name or managed policy ARN).</summary>
internal sealed record EffectivePolicy(string SourceId, string Document);

/// <summary>
/// The identity policies of a user or role (inline, then attached managed default versions) and its permissions boundary,
/// with what IAM's authorizer needs about the entity from the same read: its ARN (with path), unique id and tags.
/// </summary>
internal sealed record EffectivePolicies(ImmutableArray<EffectivePolicy> IdentityPolicies, EffectivePolicy? PermissionsBoundary)
{
    /// <summary>The user's or role's ARN, with its path; null when not read.</summary>
    public string? EntityArn { get; init; }

    /// <summary>The user's (<c>AIDA...</c>) or role's (<c>AROA...</c>) unique id; null when not read.</summary>
    public string? EntityId { get; init; }

    /// <summary>The user's or role's tags.</summary>
    public ImmutableArray<IamTag> EntityTags { get; init; } = [];
}
