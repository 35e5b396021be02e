namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>UpdateOpenIDConnectProviderThumbprint</c>: replaces the thumbprints of an OIDC provider.</summary>
/// <param name="OpenIDConnectProviderArn">The OIDC provider ARN.</param>
/// <param name="ThumbprintList">The thumbprints, at most 5 of 40 hex characters.</param>
public sealed record UpdateOpenIDConnectProviderThumbprintRequest(string OpenIDConnectProviderArn, IReadOnlyList<string> ThumbprintList);
