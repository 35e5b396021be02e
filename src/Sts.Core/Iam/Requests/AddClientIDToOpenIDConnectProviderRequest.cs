namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>AddClientIDToOpenIDConnectProvider</c>: adds an audience to an OIDC provider (no error when already present).</summary>
/// <param name="OpenIDConnectProviderArn">The OIDC provider ARN.</param>
/// <param name="ClientID">The client id, 1 to 255 characters.</param>
public sealed record AddClientIDToOpenIDConnectProviderRequest(string OpenIDConnectProviderArn, string ClientID);
