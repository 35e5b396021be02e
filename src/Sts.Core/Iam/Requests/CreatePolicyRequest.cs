using Sts.Core.Iam;

namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>CreatePolicy</c>: creates a customer managed policy with version <c>v1</c> as default.</summary>
/// <param name="PolicyName">The name of the new policy (1 to 128 characters).</param>
/// <param name="PolicyDocument">The policy document (JSON).</param>
/// <param name="Path">The path, <c>/</c> (the default) or <c>/a/b/</c>.</param>
/// <param name="Description">The description (immutable), at most 1000 characters.</param>
/// <param name="Tags">Tags to set, at most 50; null for none.</param>
public sealed record CreatePolicyRequest(string PolicyName, string PolicyDocument, string? Path = null, string? Description = null, IReadOnlyList<IamTag>? Tags = null);
