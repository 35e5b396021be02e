using System.Collections.Immutable;

namespace Sts.Core.Iam;

/// <summary>One policy document in force for a principal, with where it came from (inline policy name or managed policy ARN).</summary>
internal sealed record EffectivePolicy(string SourceId, string Document);

/// <summary>The identity policies of a user or role (inline, then attached managed default versions) and its permissions boundary.</summary>
internal sealed record EffectivePolicies(ImmutableArray<EffectivePolicy> IdentityPolicies, EffectivePolicy? PermissionsBoundary);
