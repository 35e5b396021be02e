using System.Collections.Immutable;
using Sts.Core.Accounts;
using Sts.Core.Iam.Requests;
using Sts.Core.Stores;
using Sts.Policy;

namespace Sts.Core.Iam;

/// <content>Customer managed policies and their versions.</content>
public sealed partial class IamService
{
    private static readonly string[] PolicyScopes = ["All", "AWS", "Local"];
    private static readonly string[] PolicyUsages = ["PermissionsPolicy", "PermissionsBoundary"];

    /// <summary><c>CreatePolicy</c>: creates a customer managed policy with version <c>v1</c> as default.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The policy; or <c>EntityAlreadyExists</c>, <c>LimitExceeded</c> (size), <c>MalformedPolicyDocument</c>, <c>InvalidInput</c>.</returns>
    public async ValueTask<StsResult<ManagedPolicy>> CreatePolicyAsync(IamPrincipal caller, CreatePolicyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator()
            .Name("policyName", request.PolicyName, 128)
            .PolicyDocument("policyDocument", request.PolicyDocument)
            .PolicyPath("path", request.Path)
            .Text("description", request.Description, 0, 1000, null, null, required: false)
            .Tags("tags", request.Tags).Error;
        if (invalid is not null)
        {
            return invalid;
        }

        var account = caller.Account;
        var path = request.Path ?? "/";
        var arn = IamArn.Build(account, "policy", path, request.PolicyName);
        if (await AuthorizeAsync(caller, "iam:CreatePolicy", arn, account, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        if (CheckTagKeysUnique(request.Tags) is { } badTags)
        {
            return badTags;
        }

        if (CheckManagedPolicy(request.PolicyDocument) is { } badDocument)
        {
            return badDocument;
        }

        var key = IamKeys.Policy(account, request.PolicyName);
        return await MutateAsync<ManagedPolicy>("CreatePolicy", async () =>
        {
            if (await _repository.GetAsync<PolicyEntry>(key, cancellationToken).ConfigureAwait(false) is not null)
            {
                return IamErrors.EntityAlreadyExists($"A policy called {request.PolicyName} already exists. Duplicate names are not allowed.");
            }

            var now = Now;
            var policy = new ManagedPolicy(request.PolicyName, _ids.NewPolicyId(), arn, path, "v1", 0, 0, true, request.Description, now, now, [.. request.Tags ?? []]);
            var entry = new PolicyEntry(policy, [new ManagedPolicyVersion("v1", request.PolicyDocument, true, now)], 2);
            return Plan(policy, IamRepository.Put(key, 0, entry));
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>GetPolicy</c>: describes a managed policy.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The policy; or <c>NoSuchEntity</c>, <c>InvalidInput</c> (not a policy ARN).</returns>
    public async ValueTask<StsResult<ManagedPolicy>> GetPolicyAsync(IamPrincipal caller, GetPolicyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var found = await AuthorizedPolicyAsync(caller, "iam:GetPolicy", request.PolicyArn, cancellationToken).ConfigureAwait(false);
        return found.IsSuccess ? found.Value.Value.Policy : found.Error;
    }

    /// <summary><c>ListPolicies</c>: lists the customer managed policies of the caller's account.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A page of policies (no AWS managed policies are stored: <c>Scope=AWS</c> lists nothing).</returns>
    public async ValueTask<StsResult<IamPage<ManagedPolicy>>> ListPoliciesAsync(IamPrincipal caller, ListPoliciesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator()
            .Enum("scope", request.Scope, PolicyScopes, required: false)
            .PolicyPath("pathPrefix", request.PathPrefix)
            .Enum("policyUsageFilter", request.PolicyUsageFilter, PolicyUsages, required: false)
            .Paging(request.Marker, request.MaxItems).Error;
        if (invalid is not null)
        {
            return invalid;
        }

        var account = caller.Account;
        if (await AuthorizeAsync(caller, "iam:ListPolicies", IamArn.Build(account, "policy", "/", "*"), account, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        if (request.Scope == "AWS")
        {
            return new IamPage<ManagedPolicy>([], false, null);
        }

        var pathPrefix = request.PathPrefix ?? "/";
        return await ListStoredAsync<PolicyEntry, ManagedPolicy>(
            IamKeys.PolicyPrefix(account),
            request.Marker,
            request.MaxItems,
            e => e.Policy.Path.StartsWith(pathPrefix, StringComparison.Ordinal)
                && (!request.OnlyAttached || e.Policy.AttachmentCount + e.Policy.PermissionsBoundaryUsageCount > 0)
                && request.PolicyUsageFilter switch
                {
                    "PermissionsPolicy" => e.Policy.AttachmentCount > 0,
                    "PermissionsBoundary" => e.Policy.PermissionsBoundaryUsageCount > 0,
                    _ => true,
                },
            e => e.Policy,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>DeletePolicy</c>: deletes a managed policy attached nowhere and without non-default versions.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Completion; or <c>NoSuchEntity</c>, <c>DeleteConflict</c>, <c>InvalidInput</c>.</returns>
    public async ValueTask<StsResult<IamOperationCompleted>> DeletePolicyAsync(IamPrincipal caller, DeletePolicyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await MutatePolicyAsync<IamOperationCompleted>(caller, "iam:DeletePolicy", request.PolicyArn, null, stored =>
        {
            var policy = stored.Value.Policy;
            if (policy.AttachmentCount > 0 || policy.PermissionsBoundaryUsageCount > 0)
            {
                return IamErrors.DeleteConflict("Cannot delete a policy attached to entities.");
            }

            if (stored.Value.Versions.Length > 1)
            {
                return IamErrors.DeleteConflict("This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.");
            }

            return Plan(IamOperationCompleted.Instance, StoreWrite.Delete(stored.Key, stored.Version));
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>CreatePolicyVersion</c>: adds a version to a managed policy, optionally making it the default.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The new version (with its document); or <c>NoSuchEntity</c>, <c>LimitExceeded</c> (five versions or size), <c>MalformedPolicyDocument</c>, <c>InvalidInput</c>.</returns>
    public async ValueTask<StsResult<ManagedPolicyVersion>> CreatePolicyVersionAsync(IamPrincipal caller, CreatePolicyVersionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator().PolicyDocument("policyDocument", request.PolicyDocument).Error;
        return await MutatePolicyAsync<ManagedPolicyVersion>(caller, "iam:CreatePolicyVersion", request.PolicyArn, invalid, stored =>
        {
            var entry = stored.Value;
            if (entry.Versions.Length >= _options.MaxPolicyVersions)
            {
                return IamErrors.LimitExceeded($"A managed policy can have up to {_options.MaxPolicyVersions} versions. Before you create a new version, you must delete an existing version.");
            }

            if (CheckManagedPolicy(request.PolicyDocument) is { } badDocument)
            {
                return badDocument;
            }

            var now = Now;
            var version = new ManagedPolicyVersion($"v{entry.NextVersionNumber}", request.PolicyDocument, request.SetAsDefault, now);
            var versions = request.SetAsDefault ? entry.Versions.Select(v => v with { IsDefaultVersion = false }).ToImmutableArray() : entry.Versions;
            var policy = request.SetAsDefault ? entry.Policy with { DefaultVersionId = version.VersionId, UpdateDate = now } : entry.Policy;
            var updated = new PolicyEntry(policy, versions.Add(version), entry.NextVersionNumber + 1);
            return Plan(version, IamRepository.Put(stored.Key, stored.Version, updated));
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>GetPolicyVersion</c>: reads one version of a managed policy.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The version with its document; or <c>NoSuchEntity</c>, <c>InvalidInput</c>.</returns>
    public async ValueTask<StsResult<ManagedPolicyVersion>> GetPolicyVersionAsync(IamPrincipal caller, GetPolicyVersionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (new RequestValidator().VersionId("versionId", request.VersionId).Error is { } invalid)
        {
            return invalid;
        }

        var found = await AuthorizedPolicyAsync(caller, "iam:GetPolicyVersion", request.PolicyArn, cancellationToken).ConfigureAwait(false);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var version = found.Value.Value.Versions.FirstOrDefault(v => v.VersionId == request.VersionId);
        return version is null ? NoSuchPolicyVersion(request.PolicyArn, request.VersionId) : version;
    }

    /// <summary><c>ListPolicyVersions</c>: lists the versions of a managed policy (without documents, as AWS).</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A page of versions, oldest first; or <c>NoSuchEntity</c>, <c>InvalidInput</c>.</returns>
    public async ValueTask<StsResult<IamPage<ManagedPolicyVersion>>> ListPolicyVersionsAsync(IamPrincipal caller, ListPolicyVersionsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (new RequestValidator().Paging(request.Marker, request.MaxItems).Error is { } invalid)
        {
            return invalid;
        }

        var found = await AuthorizedPolicyAsync(caller, "iam:ListPolicyVersions", request.PolicyArn, cancellationToken).ConfigureAwait(false);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        return PageOf(found.Value.Value.Versions.Select(v => v with { Document = null }), VersionSortKey, request.Marker, request.MaxItems);
    }

    /// <summary><c>DeletePolicyVersion</c>: deletes a version that is not the default.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Completion; or <c>NoSuchEntity</c>, <c>DeleteConflict</c> (the default version), <c>InvalidInput</c>.</returns>
    public async ValueTask<StsResult<IamOperationCompleted>> DeletePolicyVersionAsync(IamPrincipal caller, DeletePolicyVersionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator().VersionId("versionId", request.VersionId).Error;
        return await MutatePolicyAsync<IamOperationCompleted>(caller, "iam:DeletePolicyVersion", request.PolicyArn, invalid, stored =>
        {
            var version = stored.Value.Versions.FirstOrDefault(v => v.VersionId == request.VersionId);
            if (version is null)
            {
                return NoSuchPolicyVersion(request.PolicyArn, request.VersionId);
            }

            if (version.IsDefaultVersion)
            {
                return IamErrors.DeleteConflict("Cannot delete the default version of a policy.");
            }

            var updated = stored.Value with { Versions = stored.Value.Versions.Remove(version) };
            return Plan(IamOperationCompleted.Instance, IamRepository.Put(stored.Key, stored.Version, updated));
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>SetDefaultPolicyVersion</c>: makes a version the one in force.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Completion; or <c>NoSuchEntity</c>, <c>InvalidInput</c>.</returns>
    public async ValueTask<StsResult<IamOperationCompleted>> SetDefaultPolicyVersionAsync(IamPrincipal caller, SetDefaultPolicyVersionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator().VersionId("versionId", request.VersionId).Error;
        return await MutatePolicyAsync<IamOperationCompleted>(caller, "iam:SetDefaultPolicyVersion", request.PolicyArn, invalid, stored =>
        {
            var entry = stored.Value;
            if (entry.Versions.All(v => v.VersionId != request.VersionId))
            {
                return NoSuchPolicyVersion(request.PolicyArn, request.VersionId);
            }

            if (entry.Policy.DefaultVersionId == request.VersionId)
            {
                return Plan(IamOperationCompleted.Instance, []);
            }

            var updated = entry with
            {
                Policy = entry.Policy with { DefaultVersionId = request.VersionId, UpdateDate = Now },
                Versions = entry.Versions.Select(v => v with { IsDefaultVersion = v.VersionId == request.VersionId }).ToImmutableArray(),
            };
            return Plan(IamOperationCompleted.Instance, IamRepository.Put(stored.Key, stored.Version, updated));
        }, cancellationToken).ConfigureAwait(false);
    }

    private static string VersionSortKey(ManagedPolicyVersion version) =>
        version.VersionId.Length >= 2 && int.TryParse(version.VersionId.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? number.ToString("D10", System.Globalization.CultureInfo.InvariantCulture)
            : version.VersionId;

    private static StsError NoSuchPolicyVersion(string arn, string versionId) =>
        IamErrors.NoSuchEntity($"Policy {IamErrors.Quote(arn)} version {IamErrors.Quote(versionId)} does not exist or is not attachable.");

    private StsError? CheckManagedPolicy(string document)
    {
        if (PolicySize(document) > _options.MaxManagedPolicySize)
        {
            return IamErrors.LimitExceeded($"Cannot exceed quota for PolicySize: {_options.MaxManagedPolicySize}");
        }

        var valid = ValidatePolicy(document, PolicyKind.Identity);
        return valid.IsSuccess ? null : valid.Error;
    }

    /// <summary>Parses a policy ARN, authorizes the caller on it and reads the policy.</summary>
    private async ValueTask<StsResult<Stored<PolicyEntry>>> AuthorizedPolicyAsync(IamPrincipal caller, string action, string policyArn, CancellationToken cancellationToken)
    {
        if (new RequestValidator().Arn("policyArn", policyArn).Error is { } invalid)
        {
            return invalid;
        }

        if (!IamArn.TryParse(policyArn, "policy", out var arn))
        {
            return IamErrors.InvalidInput($"ARN {IamErrors.Quote(policyArn)} is not valid.");
        }

        if (await AuthorizeAsync(caller, action, policyArn, arn.Account, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        var stored = await FindPolicyAsync(arn, cancellationToken).ConfigureAwait(false);
        return stored is null ? IamErrors.NoSuchPolicy(policyArn) : stored;
    }

    private async ValueTask<StsResult<T>> MutatePolicyAsync<T>(IamPrincipal caller, string action, string policyArn, StsError? invalid, Func<Stored<PolicyEntry>, StsResult<(IReadOnlyList<StoreWrite> Writes, T Result)>> change, CancellationToken cancellationToken)
    {
        if (invalid is not null)
        {
            return invalid;
        }

        var first = await AuthorizedPolicyAsync(caller, action, policyArn, cancellationToken).ConfigureAwait(false);
        if (!first.IsSuccess)
        {
            return first.Error;
        }

        var useCached = true;
        return await MutateAsync<T>(action, async () =>
        {
            var stored = useCached ? first.Value : await _repository.GetAsync<PolicyEntry>(first.Value.Key, cancellationToken).ConfigureAwait(false);
            useCached = false;
            return stored is null || stored.Value.Policy.Arn != policyArn ? IamErrors.NoSuchPolicy(policyArn) : change(stored);
        }, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<Stored<PolicyEntry>?> FindPolicyAsync(IamArn arn, CancellationToken cancellationToken)
    {
        var stored = await _repository.GetAsync<PolicyEntry>(IamKeys.Policy(arn.Account, arn.Name), cancellationToken).ConfigureAwait(false);
        return stored is not null && stored.Value.Policy.Arn == IamArn.Build(arn.Account, "policy", arn.Path, arn.Name) ? stored : null;
    }

    /// <summary>
    /// The writes that move an attachment or boundary use from <paramref name="oldArn"/> to <paramref name="newArn"/>
    /// (either may be null): the counters of both policies, in the same batch as the entity's own write.
    /// </summary>
    private async ValueTask<StsResult<List<StoreWrite>>> PolicyUsageWritesAsync(AccountId account, string? oldArn, string? newArn, bool boundary, CancellationToken cancellationToken)
    {
        var writes = new List<StoreWrite>();
        if (string.Equals(oldArn, newArn, StringComparison.Ordinal))
        {
            return writes;
        }

        if (newArn is not null)
        {
            if (!IamArn.TryParse(newArn, "policy", out var arn))
            {
                return IamErrors.InvalidInput($"ARN {IamErrors.Quote(newArn)} is not valid.");
            }

            var stored = arn.Account == account ? await FindPolicyAsync(arn, cancellationToken).ConfigureAwait(false) : null;
            if (stored is null)
            {
                return IamErrors.NotAttachable(newArn);
            }

            writes.Add(CountWrite(stored, boundary, +1));
        }

        if (oldArn is not null && IamArn.TryParse(oldArn, "policy", out var oldParsed)
            && await FindPolicyAsync(oldParsed, cancellationToken).ConfigureAwait(false) is { } old)
        {
            writes.Add(CountWrite(old, boundary, -1));
        }

        return writes;
    }

    private static StoreWrite CountWrite(Stored<PolicyEntry> stored, bool boundary, int delta)
    {
        var policy = stored.Value.Policy;
        policy = boundary
            ? policy with { PermissionsBoundaryUsageCount = Math.Max(0, policy.PermissionsBoundaryUsageCount + delta) }
            : policy with { AttachmentCount = Math.Max(0, policy.AttachmentCount + delta) };
        return IamRepository.Put(stored.Key, stored.Version, stored.Value with { Policy = policy });
    }
}
