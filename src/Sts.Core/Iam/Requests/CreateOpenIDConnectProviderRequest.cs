using Sts.Core.Iam;

namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>CreateOpenIDConnectProvider</c>: registers an OpenID Connect identity provider.</summary>
/// <param name="Url">The issuer URL: <c>https://</c>, no port, query or fragment; at most 255 characters.</param>
/// <param name="ClientIDList">The accepted audiences, at most 100 of 1 to 255 characters; null for none.</param>
/// <param name="ThumbprintList">SHA-1 thumbprints, at most 5 of 40 hex characters; null for none.</param>
/// <param name="Tags">Tags to set, at most 50; null for none.</param>
public sealed record CreateOpenIDConnectProviderRequest(string Url, IReadOnlyList<string>? ClientIDList = null, IReadOnlyList<string>? ThumbprintList = null, IReadOnlyList<IamTag>? Tags = null);
