using System.Collections.Immutable;
using Sts.Core.Accounts;
using Sts.Core.Iam.Requests;
using Sts.Core.Stores;

namespace Sts.Core.Iam;

/// <content>OpenID Connect identity providers.</content>
public sealed partial class IamService
{
    private const int MaxThumbprints = 5;
    private const int MaxClientIds = 100;

    /// <summary><c>CreateOpenIDConnectProvider</c>: registers an OIDC identity provider for the caller's account.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The provider; or <c>EntityAlreadyExists</c>, <c>InvalidInput</c> (URL, thumbprints, tags), <c>LimitExceeded</c> (providers per account, client ids).</returns>
    public async ValueTask<StsResult<OidcProvider>> CreateOpenIDConnectProviderAsync(IamPrincipal caller, CreateOpenIDConnectProviderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator().Text("url", request.Url, 1, 255, null, null, required: true);
        invalid.List("clientIDList", request.ClientIDList, int.MaxValue, required: false, (m, v) => invalid.Text(m, v, 1, 255, null, null, required: true));
        invalid.Tags("tags", request.Tags);
        ValidateThumbprints(invalid, request.ThumbprintList, required: false);
        if (invalid.Error is { } error)
        {
            return error;
        }

        var account = caller.Account;
        if (ParseIssuerUrl(request.Url, _options.AllowHttpLoopbackOidcProviders, out var usesHttp) is not { } hostAndPath)
        {
            return IamErrors.InvalidInput(_options.AllowHttpLoopbackOidcProviders
                ? $"Invalid OpenID Connect provider URL '{IamErrors.Quote(request.Url)}': expected https://host[/path] without port, query or fragment, or http:// or a port on a loopback host (localhost, 127.0.0.0/8, [::1])."
                : $"Invalid OpenID Connect provider URL '{IamErrors.Quote(request.Url)}': expected https://host[/path] without port, query or fragment.");
        }

        var arn = IamArn.Build(account, "oidc-provider", string.Empty, "/" + hostAndPath);
        if (await AuthorizeAsync(caller, "iam:CreateOpenIDConnectProvider", arn, account, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        var clientIds = (request.ClientIDList ?? []).Distinct(StringComparer.Ordinal).ToImmutableArray();
        if (clientIds.Length > MaxClientIds)
        {
            return IamErrors.LimitExceeded($"Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: {MaxClientIds}");
        }

        if ((CheckThumbprints(request.ThumbprintList) ?? CheckTagKeysUnique(request.Tags)) is { } bad)
        {
            return bad;
        }

        var key = IamKeys.Oidc(account, hostAndPath);
        return await MutateAsync<OidcProvider>("CreateOpenIDConnectProvider", async () =>
        {
            if (await _repository.GetAsync<OidcProvider>(key, cancellationToken).ConfigureAwait(false) is not null)
            {
                return IamErrors.EntityAlreadyExists($"Provider with url {IamErrors.Quote(request.Url)} already exists.");
            }

            var (existing, _) = await _repository.ListAsync<OidcProvider>(IamKeys.OidcPrefix(account), null, _options.MaxOidcProvidersPerAccount + 1, cancellationToken).ConfigureAwait(false);
            if (existing.Count >= _options.MaxOidcProvidersPerAccount)
            {
                return IamErrors.LimitExceeded($"Cannot exceed quota for OpenIdConnectProvidersPerAccount: {_options.MaxOidcProvidersPerAccount}");
            }

            var provider = new OidcProvider(arn, hostAndPath, clientIds, [.. request.ThumbprintList ?? []], Now, [.. request.Tags ?? []], usesHttp);
            return Plan(provider, IamRepository.Put(key, 0, provider));
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>GetOpenIDConnectProvider</c>: describes an OIDC provider.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The provider; or <c>NoSuchEntity</c>, <c>InvalidInput</c> (not an OIDC provider ARN).</returns>
    public ValueTask<StsResult<OidcProvider>> GetOpenIDConnectProviderAsync(IamPrincipal caller, GetOpenIDConnectProviderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ChangeOidcAsync(caller, "iam:GetOpenIDConnectProvider", request.OpenIDConnectProviderArn, null, p => (p, null), cancellationToken);
    }

    /// <summary><c>ListOpenIDConnectProviders</c>: lists the ARNs of the caller's account's OIDC providers.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The provider ARNs.</returns>
    public async ValueTask<StsResult<ImmutableArray<string>>> ListOpenIDConnectProvidersAsync(IamPrincipal caller, ListOpenIDConnectProvidersRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var account = caller.Account;
        if (await AuthorizeAsync(caller, "iam:ListOpenIDConnectProviders", IamArn.Build(account, "oidc-provider", "/", "*"), account, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        var page = await ListStoredAsync<OidcProvider, string>(IamKeys.OidcPrefix(account), null, 1000, _ => true, p => p.Arn, cancellationToken).ConfigureAwait(false);
        return page.Items;
    }

    /// <summary><c>DeleteOpenIDConnectProvider</c>: deletes an OIDC provider.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Completion; or <c>NoSuchEntity</c>, <c>InvalidInput</c>.</returns>
    public async ValueTask<StsResult<IamOperationCompleted>> DeleteOpenIDConnectProviderAsync(IamPrincipal caller, DeleteOpenIDConnectProviderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var deleted = await ChangeOidcAsync(caller, "iam:DeleteOpenIDConnectProvider", request.OpenIDConnectProviderArn, null, _ => (null, null), cancellationToken).ConfigureAwait(false);
        return deleted.IsSuccess ? IamOperationCompleted.Instance : deleted.Error;
    }

    /// <summary><c>AddClientIDToOpenIDConnectProvider</c>: adds an audience (no change when already present).</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Completion; or <c>NoSuchEntity</c>, <c>InvalidInput</c>, <c>LimitExceeded</c> (100 client ids).</returns>
    public async ValueTask<StsResult<IamOperationCompleted>> AddClientIDToOpenIDConnectProviderAsync(IamPrincipal caller, AddClientIDToOpenIDConnectProviderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator().Text("clientID", request.ClientID, 1, 255, null, null, required: true).Error;
        var result = await ChangeOidcAsync(caller, "iam:AddClientIDToOpenIDConnectProvider", request.OpenIDConnectProviderArn, invalid, p =>
            p.ClientIds.Contains(request.ClientID, StringComparer.Ordinal) ? (p, null)
            : p.ClientIds.Length >= MaxClientIds ? (null, IamErrors.LimitExceeded($"Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: {MaxClientIds}"))
            : (p with { ClientIds = p.ClientIds.Add(request.ClientID) }, null), cancellationToken).ConfigureAwait(false);
        return result.IsSuccess ? IamOperationCompleted.Instance : result.Error;
    }

    /// <summary><c>RemoveClientIDFromOpenIDConnectProvider</c>: removes an audience (no error when absent).</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Completion; or <c>NoSuchEntity</c>, <c>InvalidInput</c>.</returns>
    public async ValueTask<StsResult<IamOperationCompleted>> RemoveClientIDFromOpenIDConnectProviderAsync(IamPrincipal caller, RemoveClientIDFromOpenIDConnectProviderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator().Text("clientID", request.ClientID, 1, 255, null, null, required: true).Error;
        var result = await ChangeOidcAsync(caller, "iam:RemoveClientIDFromOpenIDConnectProvider", request.OpenIDConnectProviderArn, invalid, p =>
            (p with { ClientIds = p.ClientIds.Remove(request.ClientID) }, null), cancellationToken).ConfigureAwait(false);
        return result.IsSuccess ? IamOperationCompleted.Instance : result.Error;
    }

    /// <summary><c>UpdateOpenIDConnectProviderThumbprint</c>: replaces the whole thumbprint list.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Completion; or <c>NoSuchEntity</c>, <c>InvalidInput</c> (more than five, or not hex).</returns>
    public async ValueTask<StsResult<IamOperationCompleted>> UpdateOpenIDConnectProviderThumbprintAsync(IamPrincipal caller, UpdateOpenIDConnectProviderThumbprintRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validator = new RequestValidator();
        ValidateThumbprints(validator, request.ThumbprintList, required: true);
        var invalid = validator.Error ?? CheckThumbprints(request.ThumbprintList);
        var result = await ChangeOidcAsync(caller, "iam:UpdateOpenIDConnectProviderThumbprint", request.OpenIDConnectProviderArn, invalid, p =>
            (p with { Thumbprints = [.. request.ThumbprintList] }, null), cancellationToken).ConfigureAwait(false);
        return result.IsSuccess ? IamOperationCompleted.Instance : result.Error;
    }

    /// <summary><c>TagOpenIDConnectProvider</c>: adds tags; an existing key (case-insensitive) gets the new value. At most 50 tags in all.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Completion; or <c>NoSuchEntity</c>, <c>LimitExceeded</c>, <c>InvalidInput</c>.</returns>
    public async ValueTask<StsResult<IamOperationCompleted>> TagOpenIDConnectProviderAsync(IamPrincipal caller, TagOpenIDConnectProviderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator().Tags("tags", request.Tags, required: true).Error ?? CheckTagKeysUnique(request.Tags);
        var result = await ChangeOidcAsync(caller, "iam:TagOpenIDConnectProvider", request.OpenIDConnectProviderArn, invalid, p =>
        {
            var tags = MergeTags(p.Tags, request.Tags, "TagsPerOpenIdConnectProvider");
            return tags.IsSuccess ? (p with { Tags = tags.Value }, null) : (null, tags.Error);
        }, cancellationToken).ConfigureAwait(false);
        return result.IsSuccess ? IamOperationCompleted.Instance : result.Error;
    }

    /// <summary><c>UntagOpenIDConnectProvider</c>: removes tags (absent keys are ignored).</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Completion; or <c>NoSuchEntity</c>, <c>InvalidInput</c>.</returns>
    public async ValueTask<StsResult<IamOperationCompleted>> UntagOpenIDConnectProviderAsync(IamPrincipal caller, UntagOpenIDConnectProviderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator().TagKeys("tagKeys", request.TagKeys).Error;
        var result = await ChangeOidcAsync(caller, "iam:UntagOpenIDConnectProvider", request.OpenIDConnectProviderArn, invalid, p =>
            (p with { Tags = RemoveTags(p.Tags, request.TagKeys) }, null), cancellationToken).ConfigureAwait(false);
        return result.IsSuccess ? IamOperationCompleted.Instance : result.Error;
    }

    /// <summary><c>ListOpenIDConnectProviderTags</c>: lists an OIDC provider's tags.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A page of tags; or <c>NoSuchEntity</c>, <c>InvalidInput</c>.</returns>
    public async ValueTask<StsResult<IamPage<IamTag>>> ListOpenIDConnectProviderTagsAsync(IamPrincipal caller, ListOpenIDConnectProviderTagsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator().Paging(request.Marker, request.MaxItems).Error;
        var found = await ChangeOidcAsync(caller, "iam:ListOpenIDConnectProviderTags", request.OpenIDConnectProviderArn, invalid, p => (p, null), cancellationToken).ConfigureAwait(false);
        return found.IsSuccess ? PageOf(found.Value.Tags, t => t.Key.ToLowerInvariant(), request.Marker, request.MaxItems) : found.Error;
    }

    /// <summary>
    /// Reads an OIDC provider by ARN (authorized) and applies <paramref name="change"/>: the returned provider
    /// is written when it differs from the stored one, null deletes it; an error is returned as is.
    /// </summary>
    private async ValueTask<StsResult<OidcProvider>> ChangeOidcAsync(IamPrincipal caller, string action, string providerArn, StsError? invalid, Func<OidcProvider, (OidcProvider? Provider, StsError? Error)> change, CancellationToken cancellationToken)
    {
        if ((invalid ?? new RequestValidator().Arn("openIDConnectProviderArn", providerArn).Error) is { } error)
        {
            return error;
        }

        if (!IamArn.TryParse(providerArn, "oidc-provider", out var arn))
        {
            return IamErrors.InvalidInput($"ARN {IamErrors.Quote(providerArn)} is not valid.");
        }

        if (await AuthorizeAsync(caller, action, providerArn, arn.Account, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        var key = IamKeys.Oidc(arn.Account, arn.Name);
        return await MutateAsync<OidcProvider>(action, async () =>
        {
            var stored = await _repository.GetAsync<OidcProvider>(key, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                return IamErrors.NoSuchOidcProvider(providerArn);
            }

            var (updated, failure) = change(stored.Value);
            if (failure is not null)
            {
                return failure;
            }

            if (updated is null)
            {
                return Plan(stored.Value, StoreWrite.Delete(stored.Key, stored.Version));
            }

            return ReferenceEquals(updated, stored.Value)
                ? Plan(updated, [])
                : Plan(updated, IamRepository.Put(stored.Key, stored.Version, updated));
        }, cancellationToken).ConfigureAwait(false);
    }

    private static void ValidateThumbprints(RequestValidator validator, IReadOnlyList<string>? thumbprints, bool required) =>
        validator.List("thumbprintList", thumbprints, int.MaxValue, required, (m, v) => validator.Text(m, v, 40, 40, null, null, required: true));

    private static StsError? CheckThumbprints(IReadOnlyList<string>? thumbprints)
    {
        if (thumbprints is null)
        {
            return null;
        }

        if (thumbprints.Count > MaxThumbprints)
        {
            return IamErrors.InvalidInput($"Thumbprint list must contain at most {MaxThumbprints} entries; got {thumbprints.Count}.");
        }

        foreach (var thumbprint in thumbprints)
        {
            if (!thumbprint.All(char.IsAsciiHexDigit))
            {
                return IamErrors.InvalidInput($"Thumbprint '{IamErrors.Quote(thumbprint)}' is not 40 hexadecimal characters.");
            }
        }

        return null;
    }

    /// <summary>
    /// The issuer host and path of an OIDC provider URL; null when invalid. AWS's rule: <c>https://</c>, no port, query,
    /// fragment or user info. With <paramref name="allowHttpLoopback"/>, a loopback host (<c>localhost</c>,
    /// <c>127.0.0.0/8</c>, <c>[::1]</c>) may also use <c>http://</c> and a port, which then stays in the host and path
    /// (<c>localhost:8080/auth/realms/demo</c>, as Ceph names such providers).
    /// </summary>
    internal static string? ParseIssuerUrl(string url, bool allowHttpLoopback, out bool usesHttp)
    {
        usesHttp = url.StartsWith("http://", StringComparison.Ordinal);
        if (!(usesHttp || url.StartsWith("https://", StringComparison.Ordinal)) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var hostAndPath = url[(usesHttp ? 7 : 8)..];
        var hostEnd = hostAndPath.IndexOf('/', StringComparison.Ordinal);
        var host = hostEnd < 0 ? hostAndPath : hostAndPath[..hostEnd];
        if (host.Length == 0 || host.Contains('@', StringComparison.Ordinal)
            || url.Contains('?', StringComparison.Ordinal) || url.Contains('#', StringComparison.Ordinal) || url.Any(char.IsWhiteSpace)
            || uri.HostNameType == UriHostNameType.Unknown || !string.Equals(uri.Scheme, usesHttp ? "http" : "https", StringComparison.Ordinal))
        {
            return null;
        }

        var loopbackException = allowHttpLoopback && WebIdentity.OidcIssuer.IsLoopbackHost(uri);
        var hasPort = host.StartsWith('[') ? host.Contains("]:", StringComparison.Ordinal) : host.Contains(':', StringComparison.Ordinal);
        if ((usesHttp || hasPort || host.StartsWith('[')) && !loopbackException)
        {
            return null;
        }

        // Stored and named as tokens are looked up: host lower-cased, trailing slash dropped (OidcIssuer.Normalize).
        return WebIdentity.OidcIssuer.Normalize(url);
    }
}
