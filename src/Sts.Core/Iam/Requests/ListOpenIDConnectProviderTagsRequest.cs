namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>ListOpenIDConnectProviderTags</c>: lists an OIDC provider's tags.</summary>
/// <param name="OpenIDConnectProviderArn">The OIDC provider ARN.</param>
/// <param name="Marker">The marker from the previous page, or null for the first page.</param>
/// <param name="MaxItems">The most items to return, 1 to 1000; 100 by default.</param>
public sealed record ListOpenIDConnectProviderTagsRequest(string OpenIDConnectProviderArn, string? Marker = null, int? MaxItems = null);
