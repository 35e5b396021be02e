using Sts.Core.Iam;

namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>TagOpenIDConnectProvider</c>: adds tags to an OIDC provider; an existing key gets the new value.</summary>
/// <param name="OpenIDConnectProviderArn">The OIDC provider ARN.</param>
/// <param name="Tags">The tags, at most 50.</param>
public sealed record TagOpenIDConnectProviderRequest(string OpenIDConnectProviderArn, IReadOnlyList<IamTag> Tags);
