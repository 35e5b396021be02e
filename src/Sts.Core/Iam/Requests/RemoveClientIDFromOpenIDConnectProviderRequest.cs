namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>RemoveClientIDFromOpenIDConnectProvider</c>: removes an audience from an OIDC provider (no error when absent).</summary>
/// <param name="OpenIDConnectProviderArn">The OIDC provider ARN.</param>
/// <param name="ClientID">The client id, 1 to 255 characters.</param>
public sealed record RemoveClientIDFromOpenIDConnectProviderRequest(string OpenIDConnectProviderArn, string ClientID);
