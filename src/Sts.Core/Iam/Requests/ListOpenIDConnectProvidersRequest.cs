namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>ListOpenIDConnectProviders</c>: lists the ARNs of the OIDC providers of the caller's account.</summary>
public sealed record ListOpenIDConnectProvidersRequest;
