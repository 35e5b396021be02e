namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>UntagRole</c>: removes tags from a role.</summary>
/// <param name="RoleName">The role name.</param>
/// <param name="TagKeys">The tag keys to remove (case-insensitive), at most 50.</param>
public sealed record UntagRoleRequest(string RoleName, IReadOnlyList<string> TagKeys);
