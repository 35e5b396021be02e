using System.Collections.Immutable;
using Sts.Core.Accounts;
using Sts.Core.Stores;

namespace Sts.Core.Iam;

/// <content>Read paths the STS side of Sts.Core needs: access key resolution, roles by ARN, effective policies, OIDC providers by issuer.</content>
public sealed partial class IamService
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, RoleMemo> _roleByArn = new(StringComparer.Ordinal);

    /// <summary>Resolves an access key id to its owner, status and secret; null when unknown (or its user is gone).</summary>
    internal async ValueTask<AccessKeyCredential?> ResolveAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accessKeyId);
        var key = await _repository.GetAsync<AccessKeyEntry>(IamKeys.AccessKey(accessKeyId), cancellationToken).ConfigureAwait(false);
        if (key?.Secret is null || !AccountId.TryParse(key.Value.Account, out var account))
        {
            return null;
        }

        if (key.Value.UserName is null)
        {
            return new AccessKeyCredential(accessKeyId, IamPrincipal.Root(account), key.Value.Status, key.Secret);
        }

        var user = await _repository.GetAsync<UserEntry>(IamKeys.User(account, key.Value.UserName), cancellationToken).ConfigureAwait(false);
        return user is null || !user.Value.AccessKeyIds.Contains(accessKeyId, StringComparer.Ordinal)
            ? null
            : new AccessKeyCredential(accessKeyId, new IamPrincipal(account, IamPrincipalKind.User, user.Value.User.Arn, user.Value.User.UserName), key.Value.Status, key.Secret);
    }

    /// <summary>The role with this exact ARN (path included; name case-insensitive), from the cache when fresh; null when none.</summary>
    internal ValueTask<IamRole?> GetRoleByArnAsync(string roleArn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(roleArn);

        // Hot path: a canonical ARN seen before, whose cache entry is still the fresh one it was decoded from.
        if (_roleByArn.TryGetValue(roleArn, out var memo) && ReferenceEquals(_repository.Cache.TryGetFresh(memo.Key), memo.Entry))
        {
            return ValueTask.FromResult<IamRole?>(memo.Role);
        }

        if (!IamArn.TryParse(roleArn, "role", out var arn))
        {
            return ValueTask.FromResult<IamRole?>(null);
        }

        return LoadAsync(IamKeys.Role(arn.Account, arn.Name), arn, roleArn, cancellationToken);

        async ValueTask<IamRole?> LoadAsync(string key, IamArn arn, string roleArn, CancellationToken cancellationToken)
        {
            var entry = _repository.Cache.TryGetFresh(key) ?? await _repository.Cache.GetAsync(key, cancellationToken).ConfigureAwait(false);
            var stored = IamRepository.Decode<RoleEntry>(entry);
            if (stored is null || !string.Equals(stored.Value.Role.Path, arn.Path, StringComparison.Ordinal))
            {
                _roleByArn.TryRemove(roleArn, out _);
                return null;
            }

            // Only canonical ARNs are remembered, so the memo holds at most one entry per role.
            if (string.Equals(stored.Value.Role.Arn, roleArn, StringComparison.Ordinal))
            {
                _roleByArn[roleArn] = new RoleMemo(key, entry, stored.Value.Role);
            }

            return stored.Value.Role;
        }
    }

    /// <summary>The identity policies and boundary in force for a user or a role session; null for an account root or a missing entity.</summary>
    internal async ValueTask<EffectivePolicies?> GetEffectivePoliciesAsync(IamPrincipal principal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ImmutableArray<NamedPolicy> inline;
        ImmutableArray<string> attached;
        string? boundaryArn;
        string entityArn;
        string entityId;
        ImmutableArray<IamTag> entityTags;
        switch (principal.Kind)
        {
            case IamPrincipalKind.User when principal.Name is not null:
                var user = await _repository.GetAsync<UserEntry>(IamKeys.User(principal.Account, principal.Name), cancellationToken).ConfigureAwait(false);
                if (user is null)
                {
                    return null;
                }

                (inline, attached, boundaryArn) = (user.Value.InlinePolicies, user.Value.AttachedPolicyArns, user.Value.User.PermissionsBoundaryArn);
                (entityArn, entityId, entityTags) = (user.Value.User.Arn, user.Value.User.UserId, user.Value.User.Tags);
                break;
            case IamPrincipalKind.AssumedRole when principal.Name is not null:
                var role = await _repository.GetAsync<RoleEntry>(IamKeys.Role(principal.Account, principal.Name), cancellationToken).ConfigureAwait(false);
                if (role is null)
                {
                    return null;
                }

                (inline, attached, boundaryArn) = (role.Value.InlinePolicies, role.Value.AttachedPolicyArns, role.Value.Role.PermissionsBoundaryArn);
                (entityArn, entityId, entityTags) = (role.Value.Role.Arn, role.Value.Role.RoleId, role.Value.Role.Tags);
                break;
            default:
                return null;
        }

        var policies = ImmutableArray.CreateBuilder<EffectivePolicy>();
        policies.AddRange(inline.Select(p => new EffectivePolicy(p.Name, p.Document)));
        foreach (var policyArn in attached)
        {
            if (await DefaultVersionAsync(policyArn, cancellationToken).ConfigureAwait(false) is { } source)
            {
                policies.Add(source);
            }
        }

        var boundary = boundaryArn is null ? null : await DefaultVersionAsync(boundaryArn, cancellationToken).ConfigureAwait(false);
        return new EffectivePolicies(policies.ToImmutable(), boundary) { EntityArn = entityArn, EntityId = entityId, EntityTags = entityTags };
    }

    /// <summary>The OIDC provider of <paramref name="account"/> for an issuer URL (<c>https://host/path</c>); null when none.</summary>
    internal ValueTask<OidcProvider?> GetOidcProviderByIssuerAsync(AccountId account, string issuerUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(issuerUrl);
        return ParseIssuerUrl(issuerUrl, _options.AllowHttpLoopbackOidcProviders, out _) is { } hostAndPath
            ? GetOidcProviderByNameAsync(account, hostAndPath, cancellationToken)
            : ValueTask.FromResult<OidcProvider?>(null);
    }

    /// <summary>The OIDC provider of <paramref name="account"/> stored under a host and path (<c>host[:port]/path</c>, no scheme); null when none.</summary>
    internal async ValueTask<OidcProvider?> GetOidcProviderByNameAsync(AccountId account, string hostAndPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hostAndPath);
        return (await _repository.GetAsync<OidcProvider>(IamKeys.Oidc(account, hostAndPath), cancellationToken).ConfigureAwait(false))?.Value;
    }

    /// <summary>The default version of the managed policy with this ARN (source id: the ARN); null when the ARN names no policy.</summary>
    internal ValueTask<EffectivePolicy?> GetDefaultPolicyVersionAsync(string policyArn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policyArn);
        return DefaultVersionAsync(policyArn, cancellationToken);
    }

    private async ValueTask<EffectivePolicy?> DefaultVersionAsync(string policyArn, CancellationToken cancellationToken)
    {
        if (!IamArn.TryParse(policyArn, "policy", out var arn) || await FindPolicyAsync(arn, cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            return null;
        }

        var version = stored.Value.Versions.FirstOrDefault(v => v.IsDefaultVersion);
        return version?.Document is null ? null : new EffectivePolicy(policyArn, version.Document);
    }

    /// <summary>A role decoded from one cache entry, valid while that entry is the cache's fresh entry for its key.</summary>
    private sealed record RoleMemo(string Key, IamStoreCache.Entry Entry, IamRole Role);
}
