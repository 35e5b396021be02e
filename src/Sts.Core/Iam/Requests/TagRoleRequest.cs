using Sts.Core.Iam;

namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>TagRole</c>: adds tags to a role; an existing key gets the new value.</summary>
/// <param name="RoleName">The role name.</param>
/// <param name="Tags">The tags, at most 50.</param>
public sealed record TagRoleRequest(string RoleName, IReadOnlyList<IamTag> Tags);
