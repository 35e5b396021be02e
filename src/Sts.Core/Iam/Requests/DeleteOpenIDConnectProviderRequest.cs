namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>DeleteOpenIDConnectProvider</c>: deletes an OIDC provider.</summary>
/// <param name="OpenIDConnectProviderArn">The OIDC provider ARN.</param>
public sealed record DeleteOpenIDConnectProviderRequest(string OpenIDConnectProviderArn);
