using System.Collections.Immutable;
using Sts.Core.Accounts;

namespace Sts.Core.Iam;

/// <content>Read paths the STS side of Sts.Core needs: access key resolution, roles by ARN, effective policies, OIDC providers by issuer.</content>
public sealed partial class IamService
{
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
        if (!IamArn.TryParse(roleArn, "role", out var arn))
        {
            return ValueTask.FromResult<IamRole?>(null);
        }

        var key = IamKeys.Role(arn.Account, arn.Name);
        return _repository.TryGetCached<RoleEntry>(key, out var cached)
            ? ValueTask.FromResult(MatchingPath(cached, arn))
            : LoadAsync(key, arn, cancellationToken);

        async ValueTask<IamRole?> LoadAsync(string key, IamArn arn, CancellationToken cancellationToken) =>
            MatchingPath(await _repository.GetAsync<RoleEntry>(key, cancellationToken).ConfigureAwait(false), arn);

        static IamRole? MatchingPath(Stored<RoleEntry>? stored, IamArn arn) =>
            stored is not null && string.Equals(stored.Value.Role.Path, arn.Path, StringComparison.Ordinal) ? stored.Value.Role : null;
    }

    /// <summary>The identity policies and boundary in force for a user or a role session; null for an account root or a missing entity.</summary>
    internal async ValueTask<EffectivePolicies?> GetEffectivePoliciesAsync(IamPrincipal principal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ImmutableArray<NamedPolicy> inline;
        ImmutableArray<string> attached;
        string? boundaryArn;
        switch (principal.Kind)
        {
            case IamPrincipalKind.User when principal.Name is not null:
                var user = await _repository.GetAsync<UserEntry>(IamKeys.User(principal.Account, principal.Name), cancellationToken).ConfigureAwait(false);
                if (user is null)
                {
                    return null;
                }

                (inline, attached, boundaryArn) = (user.Value.InlinePolicies, user.Value.AttachedPolicyArns, user.Value.User.PermissionsBoundaryArn);
                break;
            case IamPrincipalKind.AssumedRole when principal.Name is not null:
                var role = await _repository.GetAsync<RoleEntry>(IamKeys.Role(principal.Account, principal.Name), cancellationToken).ConfigureAwait(false);
                if (role is null)
                {
                    return null;
                }

                (inline, attached, boundaryArn) = (role.Value.InlinePolicies, role.Value.AttachedPolicyArns, role.Value.Role.PermissionsBoundaryArn);
                break;
            default:
                return null;
        }

        var policies = ImmutableArray.CreateBuilder<PolicySource>();
        policies.AddRange(inline.Select(p => new PolicySource(p.Name, p.Document)));
        foreach (var policyArn in attached)
        {
            if (await DefaultVersionAsync(policyArn, cancellationToken).ConfigureAwait(false) is { } source)
            {
                policies.Add(source);
            }
        }

        var boundary = boundaryArn is null ? null : await DefaultVersionAsync(boundaryArn, cancellationToken).ConfigureAwait(false);
        return new EffectivePolicies(policies.ToImmutable(), boundary);
    }

    /// <summary>The OIDC provider of <paramref name="account"/> for an issuer URL (<c>https://host/path</c>); null when none.</summary>
    internal async ValueTask<OidcProvider?> GetOidcProviderByIssuerAsync(AccountId account, string issuerUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(issuerUrl);
        return ParseIssuerUrl(issuerUrl) is { } hostAndPath
            ? (await _repository.GetAsync<OidcProvider>(IamKeys.Oidc(account, hostAndPath), cancellationToken).ConfigureAwait(false))?.Value
            : null;
    }

    private async ValueTask<PolicySource?> DefaultVersionAsync(string policyArn, CancellationToken cancellationToken)
    {
        if (!IamArn.TryParse(policyArn, "policy", out var arn) || await FindPolicyAsync(arn, cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            return null;
        }

        var version = stored.Value.Versions.FirstOrDefault(v => v.IsDefaultVersion);
        return version?.Document is null ? null : new PolicySource(policyArn, version.Document);
    }
}
