namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>UntagOpenIDConnectProvider</c>: removes tags from an OIDC provider.</summary>
/// <param name="OpenIDConnectProviderArn">The OIDC provider ARN.</param>
/// <param name="TagKeys">The tag keys to remove (case-insensitive), at most 50.</param>
public sealed record UntagOpenIDConnectProviderRequest(string OpenIDConnectProviderArn, IReadOnlyList<string> TagKeys);
