namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>GetOpenIDConnectProvider</c>: describes an OIDC provider.</summary>
/// <param name="OpenIDConnectProviderArn">The OIDC provider ARN.</param>
public sealed record GetOpenIDConnectProviderRequest(string OpenIDConnectProviderArn);
