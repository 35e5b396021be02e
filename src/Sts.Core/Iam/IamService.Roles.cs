using System.Collections.Immutable;
using Sts.Core.Accounts;
using Sts.Core.Iam.Requests;
using Sts.Core.Stores;
using Sts.Policy;

namespace Sts.Core.Iam;

/// <content>Roles: CRUD, trust policy, inline policies, attachments, boundary and tags.</content>
public sealed partial class IamService
{
    private const int DefaultMaxSessionDuration = 3600;

    /// <summary>
    /// <c>CreateRole</c>: creates a role. Tag keys must be unique (ignoring case), except under
    /// <see cref="CephCompatibility.MultiValuedSessionTags"/>, where a key given several times keeps each distinct value.
    /// </summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The role; or <c>EntityAlreadyExists</c>, <c>MalformedPolicyDocument</c>, <c>LimitExceeded</c> (trust policy size), <c>InvalidInput</c> (tags), <c>NoSuchEntity</c> (boundary).</returns>
    public async ValueTask<StsResult<IamRole>> CreateRoleAsync(IamPrincipal caller, CreateRoleRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator()
            .Name("roleName", request.RoleName)
            .PolicyDocument("assumeRolePolicyDocument", request.AssumeRolePolicyDocument)
            .Path("path", request.Path)
            .RoleDescription("description", request.Description)
            .Integer("maxSessionDuration", request.MaxSessionDuration, 3600, 43200)
            .Arn("permissionsBoundary", request.PermissionsBoundary, required: false)
            .Tags("tags", request.Tags).Error;
        if (invalid is not null)
        {
            return invalid;
        }

        var account = caller.Account;
        var path = request.Path ?? "/";
        var arn = IamArn.Build(account, "role", path, request.RoleName);
        if (await AuthorizeAsync(caller, "iam:CreateRole", arn, account, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        if ((CheckTagKeysUnique(request.Tags, _options.AllowsMultiValuedRoleTags) ?? CheckTrustPolicy(request.AssumeRolePolicyDocument)) is { } bad)
        {
            return bad;
        }

        var key = IamKeys.Role(account, request.RoleName);
        return await MutateAsync<IamRole>("CreateRole", async () =>
        {
            if (await _repository.GetAsync<RoleEntry>(key, cancellationToken).ConfigureAwait(false) is not null)
            {
                return IamErrors.EntityAlreadyExists($"Role with name {request.RoleName} already exists.");
            }

            var boundary = await PolicyUsageWritesAsync(account, null, request.PermissionsBoundary, boundary: true, cancellationToken).ConfigureAwait(false);
            if (!boundary.IsSuccess)
            {
                return boundary.Error;
            }

            var role = new IamRole(
                path, request.RoleName, _ids.NewRoleId(), arn, Now, request.AssumeRolePolicyDocument, request.Description,
                request.MaxSessionDuration ?? DefaultMaxSessionDuration, request.PermissionsBoundary, MergeTags([], request.Tags ?? [], "TagsPerRole", _options.AllowsMultiValuedRoleTags).Value);
            var writes = boundary.Value;
            writes.Insert(0, IamRepository.Put(key, 0, new RoleEntry(role, [], [])));
            return Plan(role, writes);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>GetRole</c>: describes a role.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The role; or <c>NoSuchEntity</c>.</returns>
    public async ValueTask<StsResult<IamRole>> GetRoleAsync(IamPrincipal caller, GetRoleRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var found = await ReadEntityAsync(caller, "iam:GetRole", RoleAddress(caller.Account, request.RoleName), new RequestValidator().Name("roleName", request.RoleName).Error, cancellationToken).ConfigureAwait(false);
        return found.IsSuccess ? found.Value.Value.Role : found.Error;
    }

    /// <summary><c>ListRoles</c>: lists the roles of the caller's account, ordered by name case-insensitively.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A page of roles.</returns>
    public async ValueTask<StsResult<IamPage<IamRole>>> ListRolesAsync(IamPrincipal caller, ListRolesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (new RequestValidator().PathPrefix("pathPrefix", request.PathPrefix).Paging(request.Marker, request.MaxItems).Error is { } invalid)
        {
            return invalid;
        }

        var account = caller.Account;
        if (await AuthorizeAsync(caller, "iam:ListRoles", IamArn.Build(account, "role", "/", "*"), account, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        var prefix = request.PathPrefix ?? "/";
        return await ListStoredAsync<RoleEntry, IamRole>(IamKeys.RolePrefix(account), request.Marker, request.MaxItems, e => e.Role.Path.StartsWith(prefix, StringComparison.Ordinal), e => e.Role, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>UpdateRole</c>: changes the description and/or maximum session duration; an omitted value is kept (unlike Ceph, which resets the duration).</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Completion; or <c>NoSuchEntity</c>.</returns>
    public ValueTask<StsResult<IamOperationCompleted>> UpdateRoleAsync(IamPrincipal caller, UpdateRoleRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator()
            .Name("roleName", request.RoleName)
            .RoleDescription("description", request.Description)
            .Integer("maxSessionDuration", request.MaxSessionDuration, 3600, 43200).Error;
        return ChangeRoleAsync(caller, "iam:UpdateRole", request.RoleName, invalid, role => role with
        {
            Description = request.Description ?? role.Description,
            MaxSessionDuration = request.MaxSessionDuration ?? role.MaxSessionDuration,
        }, _ => IamOperationCompleted.Instance, cancellationToken);
    }

    /// <summary><c>UpdateRoleDescription</c>: changes a role's description.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The updated role; or <c>NoSuchEntity</c>.</returns>
    public ValueTask<StsResult<IamRole>> UpdateRoleDescriptionAsync(IamPrincipal caller, UpdateRoleDescriptionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator().Name("roleName", request.RoleName).RoleDescription("description", request.Description, required: true).Error;
        return ChangeRoleAsync(caller, "iam:UpdateRoleDescription", request.RoleName, invalid, role => role with { Description = request.Description }, role => role, cancellationToken);
    }

    /// <summary><c>UpdateAssumeRolePolicy</c>: replaces a role's trust policy, validated as a trust policy (grammar, not only JSON syntax).</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Completion; or <c>NoSuchEntity</c>, <c>MalformedPolicyDocument</c>, <c>LimitExceeded</c>.</returns>
    public ValueTask<StsResult<IamOperationCompleted>> UpdateAssumeRolePolicyAsync(IamPrincipal caller, UpdateAssumeRolePolicyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator().Name("roleName", request.RoleName).PolicyDocument("policyDocument", request.PolicyDocument).Error;
        return MutateEntityAsync<RoleEntry, IamOperationCompleted>(caller, "iam:UpdateAssumeRolePolicy", RoleAddress(caller.Account, request.RoleName), invalid, stored =>
        {
            if (CheckTrustPolicy(request.PolicyDocument) is { } bad)
            {
                return ValueTask.FromResult<StsResult<(IReadOnlyList<StoreWrite>, IamOperationCompleted)>>(bad);
            }

            var updated = stored.Value with { Role = stored.Value.Role with { AssumeRolePolicyDocument = request.PolicyDocument } };
            return ValueTask.FromResult(Plan(IamOperationCompleted.Instance, IamRepository.Put(stored.Key, stored.Version, updated)));
        }, cancellationToken);
    }

    /// <summary><c>DeleteRole</c>: deletes a role that has no inline and no attached policies.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Completion; or <c>NoSuchEntity</c>, <c>DeleteConflict</c>.</returns>
    public ValueTask<StsResult<IamOperationCompleted>> DeleteRoleAsync(IamPrincipal caller, DeleteRoleRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var account = caller.Account;
        return MutateEntityAsync<RoleEntry, IamOperationCompleted>(caller, "iam:DeleteRole", RoleAddress(account, request.RoleName), new RequestValidator().Name("roleName", request.RoleName).Error, async stored =>
        {
            if (!stored.Value.InlinePolicies.IsEmpty)
            {
                return IamErrors.DeleteConflict("Cannot delete entity, must delete policies first.");
            }

            if (!stored.Value.AttachedPolicyArns.IsEmpty)
            {
                return IamErrors.DeleteConflict("Cannot delete entity, must detach all policies first.");
            }

            var boundary = await PolicyUsageWritesAsync(account, stored.Value.Role.PermissionsBoundaryArn, null, boundary: true, cancellationToken).ConfigureAwait(false);
            var writes = boundary.IsSuccess ? boundary.Value : [];
            writes.Insert(0, StoreWrite.Delete(stored.Key, stored.Version));
            return Plan(IamOperationCompleted.Instance, writes);
        }, cancellationToken);
    }

    /// <summary><c>PutRolePolicy</c>: adds or replaces an inline policy of a role.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Completion; or <c>NoSuchEntity</c>, <c>MalformedPolicyDocument</c>, <c>LimitExceeded</c> (aggregate size).</returns>
    public ValueTask<StsResult<IamOperationCompleted>> PutRolePolicyAsync(IamPrincipal caller, PutRolePolicyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator().Name("roleName", request.RoleName).Name("policyName", request.PolicyName, 128).PolicyDocument("policyDocument", request.PolicyDocument).Error;
        return MutateEntityAsync<RoleEntry, IamOperationCompleted>(caller, "iam:PutRolePolicy", RoleAddress(caller.Account, request.RoleName), invalid, stored =>
        {
            var policies = PutInline(stored.Value.InlinePolicies, request.PolicyName, request.PolicyDocument);
            if (policies.Sum(p => PolicySize(p.Document)) > _options.MaxRoleInlinePolicySize)
            {
                return Failed<IamOperationCompleted>(IamErrors.LimitExceeded($"Maximum policy size of {_options.MaxRoleInlinePolicySize} bytes exceeded for role {stored.Value.Role.RoleName}"));
            }

            var valid = ValidatePolicy(request.PolicyDocument, PolicyKind.Identity);
            return !valid.IsSuccess
                ? Failed<IamOperationCompleted>(valid.Error)
                : ValueTask.FromResult(Plan(IamOperationCompleted.Instance, IamRepository.Put(stored.Key, stored.Version, stored.Value with { InlinePolicies = policies })));
        }, cancellationToken);
    }

    /// <summary><c>GetRolePolicy</c>: reads an inline policy of a role.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The policy; or <c>NoSuchEntity</c> (role or policy).</returns>
    public async ValueTask<StsResult<InlinePolicy>> GetRolePolicyAsync(IamPrincipal caller, GetRolePolicyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator().Name("roleName", request.RoleName).Name("policyName", request.PolicyName, 128).Error;
        var found = await ReadEntityAsync(caller, "iam:GetRolePolicy", RoleAddress(caller.Account, request.RoleName), invalid, cancellationToken).ConfigureAwait(false);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var policy = FindInline(found.Value.Value.InlinePolicies, request.PolicyName);
        return policy is null
            ? IamErrors.NoSuchEntity($"The role policy with name {IamErrors.Quote(request.PolicyName)} cannot be found.")
            : new InlinePolicy(found.Value.Value.Role.RoleName, policy.Name, policy.Document);
    }

    /// <summary><c>ListRolePolicies</c>: lists the names of a role's inline policies.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A page of policy names; or <c>NoSuchEntity</c>.</returns>
    public async ValueTask<StsResult<IamPage<string>>> ListRolePoliciesAsync(IamPrincipal caller, ListRolePoliciesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator().Name("roleName", request.RoleName).Paging(request.Marker, request.MaxItems).Error;
        var found = await ReadEntityAsync(caller, "iam:ListRolePolicies", RoleAddress(caller.Account, request.RoleName), invalid, cancellationToken).ConfigureAwait(false);
        return found.IsSuccess
            ? PageOf(found.Value.Value.InlinePolicies.Select(p => p.Name), n => n.ToLowerInvariant(), request.Marker, request.MaxItems)
            : found.Error;
    }

    /// <summary><c>DeleteRolePolicy</c>: deletes an inline policy of a role.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Completion; or <c>NoSuchEntity</c> (role or policy).</returns>
    public ValueTask<StsResult<IamOperationCompleted>> DeleteRolePolicyAsync(IamPrincipal caller, DeleteRolePolicyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator().Name("roleName", request.RoleName).Name("policyName", request.PolicyName, 128).Error;
        return MutateEntityAsync<RoleEntry, IamOperationCompleted>(caller, "iam:DeleteRolePolicy", RoleAddress(caller.Account, request.RoleName), invalid, stored =>
        {
            var policy = FindInline(stored.Value.InlinePolicies, request.PolicyName);
            return policy is null
                ? Failed<IamOperationCompleted>(IamErrors.NoSuchEntity($"The role policy with name {IamErrors.Quote(request.PolicyName)} cannot be found."))
                : ValueTask.FromResult(Plan(IamOperationCompleted.Instance, IamRepository.Put(stored.Key, stored.Version, stored.Value with { InlinePolicies = stored.Value.InlinePolicies.Remove(policy) })));
        }, cancellationToken);
    }

    /// <summary><c>AttachRolePolicy</c>: attaches a managed policy to a role (no change when already attached).</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Completion; or <c>NoSuchEntity</c> (role or policy), <c>LimitExceeded</c>, <c>InvalidInput</c>.</returns>
    public ValueTask<StsResult<IamOperationCompleted>> AttachRolePolicyAsync(IamPrincipal caller, AttachRolePolicyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator().Name("roleName", request.RoleName).Arn("policyArn", request.PolicyArn).Error;
        var account = caller.Account;
        return MutateEntityAsync<RoleEntry, IamOperationCompleted>(caller, "iam:AttachRolePolicy", RoleAddress(account, request.RoleName), invalid, async stored =>
        {
            var attached = await AttachWritesAsync(account, stored.Value.AttachedPolicyArns, request.PolicyArn, "PoliciesPerRole", cancellationToken).ConfigureAwait(false);
            if (!attached.IsSuccess)
            {
                return attached.Error;
            }

            if (attached.Value.Arns == stored.Value.AttachedPolicyArns)
            {
                return Plan(IamOperationCompleted.Instance, []);
            }

            attached.Value.Writes.Insert(0, IamRepository.Put(stored.Key, stored.Version, stored.Value with { AttachedPolicyArns = attached.Value.Arns }));
            return Plan(IamOperationCompleted.Instance, attached.Value.Writes);
        }, cancellationToken);
    }

    /// <summary><c>DetachRolePolicy</c>: detaches a managed policy from a role.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Completion; or <c>NoSuchEntity</c> (role, or policy not attached), <c>InvalidInput</c>.</returns>
    public ValueTask<StsResult<IamOperationCompleted>> DetachRolePolicyAsync(IamPrincipal caller, DetachRolePolicyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator().Name("roleName", request.RoleName).Arn("policyArn", request.PolicyArn).Error;
        var account = caller.Account;
        return MutateEntityAsync<RoleEntry, IamOperationCompleted>(caller, "iam:DetachRolePolicy", RoleAddress(account, request.RoleName), invalid, async stored =>
        {
            var detached = await DetachWritesAsync(account, stored.Value.AttachedPolicyArns, request.PolicyArn, cancellationToken).ConfigureAwait(false);
            if (!detached.IsSuccess)
            {
                return detached.Error;
            }

            detached.Value.Writes.Insert(0, IamRepository.Put(stored.Key, stored.Version, stored.Value with { AttachedPolicyArns = detached.Value.Arns }));
            return Plan(IamOperationCompleted.Instance, detached.Value.Writes);
        }, cancellationToken);
    }

    /// <summary><c>ListAttachedRolePolicies</c>: lists the managed policies attached to a role.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A page of attached policies; or <c>NoSuchEntity</c>.</returns>
    public async ValueTask<StsResult<IamPage<AttachedPolicy>>> ListAttachedRolePoliciesAsync(IamPrincipal caller, ListAttachedRolePoliciesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator().Name("roleName", request.RoleName).PolicyPath("pathPrefix", request.PathPrefix).Paging(request.Marker, request.MaxItems).Error;
        var found = await ReadEntityAsync(caller, "iam:ListAttachedRolePolicies", RoleAddress(caller.Account, request.RoleName), invalid, cancellationToken).ConfigureAwait(false);
        return found.IsSuccess ? AttachedPage(found.Value.Value.AttachedPolicyArns, request.PathPrefix, request.Marker, request.MaxItems) : found.Error;
    }

    /// <summary><c>PutRolePermissionsBoundary</c>: sets a role's permissions boundary to a managed policy of the account.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Completion; or <c>NoSuchEntity</c> (role or policy), <c>InvalidInput</c>.</returns>
    public ValueTask<StsResult<IamOperationCompleted>> PutRolePermissionsBoundaryAsync(IamPrincipal caller, PutRolePermissionsBoundaryRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator().Name("roleName", request.RoleName).Arn("permissionsBoundary", request.PermissionsBoundary).Error;
        return SetRoleBoundaryAsync(caller, "iam:PutRolePermissionsBoundary", request.RoleName, request.PermissionsBoundary, invalid, cancellationToken);
    }

    /// <summary><c>DeleteRolePermissionsBoundary</c>: removes a role's permissions boundary (no change when it has none).</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Completion; or <c>NoSuchEntity</c>.</returns>
    public ValueTask<StsResult<IamOperationCompleted>> DeleteRolePermissionsBoundaryAsync(IamPrincipal caller, DeleteRolePermissionsBoundaryRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SetRoleBoundaryAsync(caller, "iam:DeleteRolePermissionsBoundary", request.RoleName, null, new RequestValidator().Name("roleName", request.RoleName).Error, cancellationToken);
    }

    /// <summary>
    /// <c>TagRole</c>: adds tags to a role; an existing key (case-insensitive) gets the new value. At most 50 tags in all.
    /// Under <see cref="CephCompatibility.MultiValuedSessionTags"/> (Ceph's tag multimap) a key may be given and stored
    /// several times: a new value is added beside the key's others (a value the key already holds is not added twice),
    /// and every value becomes the role's <c>aws:PrincipalTag/KEY</c> and <c>iam:ResourceTag/KEY</c>.
    /// </summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Completion; or <c>NoSuchEntity</c>, <c>LimitExceeded</c> (more than 50 tags), <c>InvalidInput</c> (duplicate or reserved keys).</returns>
    public ValueTask<StsResult<IamOperationCompleted>> TagRoleAsync(IamPrincipal caller, TagRoleRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var multiValued = _options.AllowsMultiValuedRoleTags;
        var invalid = new RequestValidator().Name("roleName", request.RoleName).Tags("tags", request.Tags, required: true).Error ?? CheckTagKeysUnique(request.Tags, multiValued);
        return MutateEntityAsync<RoleEntry, IamOperationCompleted>(caller, "iam:TagRole", RoleAddress(caller.Account, request.RoleName), invalid, stored =>
        {
            var tags = MergeTags(stored.Value.Role.Tags, request.Tags, "TagsPerRole", multiValued);
            return !tags.IsSuccess
                ? Failed<IamOperationCompleted>(tags.Error)
                : ValueTask.FromResult(Plan(IamOperationCompleted.Instance, IamRepository.Put(stored.Key, stored.Version, stored.Value with { Role = stored.Value.Role with { Tags = tags.Value } })));
        }, cancellationToken);
    }

    /// <summary><c>UntagRole</c>: removes tags (keys case-insensitive; absent keys are ignored).</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Completion; or <c>NoSuchEntity</c>.</returns>
    public ValueTask<StsResult<IamOperationCompleted>> UntagRoleAsync(IamPrincipal caller, UntagRoleRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator().Name("roleName", request.RoleName).TagKeys("tagKeys", request.TagKeys).Error;
        return ChangeRoleAsync(caller, "iam:UntagRole", request.RoleName, invalid, role => role with { Tags = RemoveTags(role.Tags, request.TagKeys) }, _ => IamOperationCompleted.Instance, cancellationToken);
    }

    /// <summary><c>ListRoleTags</c>: lists a role's tags, ordered by key case-insensitively.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A page of tags; or <c>NoSuchEntity</c>.</returns>
    public async ValueTask<StsResult<IamPage<IamTag>>> ListRoleTagsAsync(IamPrincipal caller, ListRoleTagsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator().Name("roleName", request.RoleName).Paging(request.Marker, request.MaxItems).Error;
        var found = await ReadEntityAsync(caller, "iam:ListRoleTags", RoleAddress(caller.Account, request.RoleName), invalid, cancellationToken).ConfigureAwait(false);
        // A key held several times (Ceph profile) pages by key and value, so a page boundary cannot drop a value ('!'
        // cannot occur in a key, so it ends the key unambiguously and is a valid marker character).
        Func<IamTag, string> order = _options.AllowsMultiValuedRoleTags ? t => t.Key.ToLowerInvariant() + "!" + t.Value : t => t.Key.ToLowerInvariant();
        return found.IsSuccess ? PageOf(found.Value.Value.Role.Tags, order, request.Marker, request.MaxItems) : found.Error;
    }

    private ValueTask<StsResult<T>> ChangeRoleAsync<T>(IamPrincipal caller, string action, string roleName, StsError? invalid, Func<IamRole, IamRole> change, Func<IamRole, T> result, CancellationToken cancellationToken) =>
        MutateEntityAsync<RoleEntry, T>(caller, action, RoleAddress(caller.Account, roleName), invalid, stored =>
        {
            var role = change(stored.Value.Role);
            return ValueTask.FromResult(Plan(result(role), IamRepository.Put(stored.Key, stored.Version, stored.Value with { Role = role })));
        }, cancellationToken);

    private ValueTask<StsResult<IamOperationCompleted>> SetRoleBoundaryAsync(IamPrincipal caller, string action, string roleName, string? boundaryArn, StsError? invalid, CancellationToken cancellationToken)
    {
        var account = caller.Account;
        return MutateEntityAsync<RoleEntry, IamOperationCompleted>(caller, action, RoleAddress(account, roleName), invalid, async stored =>
        {
            var usage = await PolicyUsageWritesAsync(account, stored.Value.Role.PermissionsBoundaryArn, boundaryArn, boundary: true, cancellationToken).ConfigureAwait(false);
            if (!usage.IsSuccess)
            {
                return usage.Error;
            }

            if (usage.Value.Count == 0)
            {
                return Plan(IamOperationCompleted.Instance, []);
            }

            usage.Value.Insert(0, IamRepository.Put(stored.Key, stored.Version, stored.Value with { Role = stored.Value.Role with { PermissionsBoundaryArn = boundaryArn } }));
            return Plan(IamOperationCompleted.Instance, usage.Value);
        }, cancellationToken);
    }

    private StsError? CheckTrustPolicy(string document)
    {
        if (PolicySize(document) > _options.MaxTrustPolicySize)
        {
            return IamErrors.LimitExceeded($"Cannot exceed quota for ACLSizePerRole: {_options.MaxTrustPolicySize}");
        }

        var valid = ValidatePolicy(document, PolicyKind.Trust);
        return valid.IsSuccess ? null : valid.Error;
    }

    private static ImmutableArray<NamedPolicy> PutInline(ImmutableArray<NamedPolicy> policies, string name, string document)
    {
        var existing = FindInline(policies, name);
        return existing is null ? policies.Add(new NamedPolicy(name, document)) : policies.Replace(existing, new NamedPolicy(name, document));
    }

    private static NamedPolicy? FindInline(ImmutableArray<NamedPolicy> policies, string name) =>
        policies.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    private static ValueTask<StsResult<(IReadOnlyList<StoreWrite> Writes, T Result)>> Failed<T>(StsError error) =>
        ValueTask.FromResult(StsResult<(IReadOnlyList<StoreWrite> Writes, T Result)>.Failure(error));

    private async ValueTask<StsResult<(ImmutableArray<string> Arns, List<StoreWrite> Writes)>> AttachWritesAsync(AccountId account, ImmutableArray<string> attached, string policyArn, string quotaName, CancellationToken cancellationToken)
    {
        if (!IamArn.TryParse(policyArn, "policy", out _))
        {
            return IamErrors.InvalidInput($"ARN {IamErrors.Quote(policyArn)} is not valid.");
        }

        if (attached.Contains(policyArn, StringComparer.Ordinal))
        {
            return (attached, new List<StoreWrite>());
        }

        if (attached.Length >= _options.MaxAttachedPoliciesPerEntity)
        {
            return IamErrors.LimitExceeded($"Cannot exceed quota for {quotaName}: {_options.MaxAttachedPoliciesPerEntity}");
        }

        var usage = await PolicyUsageWritesAsync(account, null, policyArn, boundary: false, cancellationToken).ConfigureAwait(false);
        return usage.IsSuccess ? (attached.Add(policyArn), usage.Value) : usage.Error;
    }

    private async ValueTask<StsResult<(ImmutableArray<string> Arns, List<StoreWrite> Writes)>> DetachWritesAsync(AccountId account, ImmutableArray<string> attached, string policyArn, CancellationToken cancellationToken)
    {
        if (!IamArn.TryParse(policyArn, "policy", out _))
        {
            return IamErrors.InvalidInput($"ARN {IamErrors.Quote(policyArn)} is not valid.");
        }

        if (!attached.Contains(policyArn, StringComparer.Ordinal))
        {
            return IamErrors.NoSuchEntity($"Policy {IamErrors.Quote(policyArn)} was not found.");
        }

        var usage = await PolicyUsageWritesAsync(account, policyArn, null, boundary: false, cancellationToken).ConfigureAwait(false);
        return usage.IsSuccess ? (attached.Remove(policyArn), usage.Value) : usage.Error;
    }

    private static IamPage<AttachedPolicy> AttachedPage(ImmutableArray<string> arns, string? pathPrefix, string? marker, int? maxItems)
    {
        var prefix = pathPrefix ?? "/";
        var attached = arns
            .Select(a => IamArn.TryParse(a, "policy", out var p) ? (Arn: a, Parsed: p) : (Arn: a, Parsed: null))
            .Where(a => a.Parsed is not null && a.Parsed.Path.StartsWith(prefix, StringComparison.Ordinal))
            .Select(a => new AttachedPolicy(a.Parsed!.Name, a.Arn));
        return PageOf(attached, a => a.PolicyArn.ToLowerInvariant(), marker, maxItems);
    }
}
