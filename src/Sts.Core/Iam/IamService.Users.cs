using Sts.Core.Accounts;
using Sts.Core.Iam.Requests;
using Sts.Core.Stores;
using Sts.Policy;

namespace Sts.Core.Iam;

/// <content>Users: CRUD, inline policies, attachments and boundary.</content>
public sealed partial class IamService
{
    /// <summary><c>CreateUser</c>: creates an IAM user.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The user; or <c>EntityAlreadyExists</c>, <c>InvalidInput</c> (tags), <c>NoSuchEntity</c> (boundary).</returns>
    public async ValueTask<StsResult<IamUser>> CreateUserAsync(IamPrincipal caller, CreateUserRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator()
            .Name("userName", request.UserName)
            .Path("path", request.Path)
            .Arn("permissionsBoundary", request.PermissionsBoundary, required: false)
            .Tags("tags", request.Tags).Error;
        if (invalid is not null)
        {
            return invalid;
        }

        var account = caller.Account;
        var path = request.Path ?? "/";
        var arn = IamArn.Build(account, "user", path, request.UserName);
        if (await AuthorizeAsync(caller, "iam:CreateUser", arn, account, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        if (CheckTagKeysUnique(request.Tags) is { } badTags)
        {
            return badTags;
        }

        var key = IamKeys.User(account, request.UserName);
        return await MutateAsync<IamUser>("CreateUser", async () =>
        {
            if (await _repository.GetAsync<UserEntry>(key, cancellationToken).ConfigureAwait(false) is not null)
            {
                return IamErrors.EntityAlreadyExists($"User with name {request.UserName} already exists.");
            }

            var boundary = await PolicyUsageWritesAsync(account, null, request.PermissionsBoundary, boundary: true, cancellationToken).ConfigureAwait(false);
            if (!boundary.IsSuccess)
            {
                return boundary.Error;
            }

            var user = new IamUser(path, request.UserName, _ids.NewUserId(), arn, Now, request.PermissionsBoundary, [.. request.Tags ?? []]);
            var writes = boundary.Value;
            writes.Insert(0, IamRepository.Put(key, 0, new UserEntry(user, [], [], [])));
            return Plan(user, writes);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>GetUser</c>: describes a user; without a name, the calling user.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The user; or <c>NoSuchEntity</c>; <c>ValidationError</c> without a name when the caller is not a user.</returns>
    public async ValueTask<StsResult<IamUser>> GetUserAsync(IamPrincipal caller, GetUserRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var target = TargetUser(caller, request.UserName);
        if (!target.IsSuccess)
        {
            return target.Error;
        }

        var name = target.Value ?? string.Empty;
        var found = await ReadEntityAsync(caller, "iam:GetUser", UserAddress(caller.Account, name), target.Value is null ? NonUserCaller() : new RequestValidator().Name("userName", name, 128).Error, cancellationToken).ConfigureAwait(false);
        return found.IsSuccess ? found.Value.Value.User : found.Error;
    }

    /// <summary><c>ListUsers</c>: lists the users of the caller's account, ordered by name case-insensitively.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A page of users.</returns>
    public async ValueTask<StsResult<IamPage<IamUser>>> ListUsersAsync(IamPrincipal caller, ListUsersRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (new RequestValidator().PathPrefix("pathPrefix", request.PathPrefix).Paging(request.Marker, request.MaxItems).Error is { } invalid)
        {
            return invalid;
        }

        var account = caller.Account;
        if (await AuthorizeAsync(caller, "iam:ListUsers", IamArn.Build(account, "user", "/", "*"), account, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        var prefix = request.PathPrefix ?? "/";
        return await ListStoredAsync<UserEntry, IamUser>(IamKeys.UserPrefix(account), request.Marker, request.MaxItems, e => e.User.Path.StartsWith(prefix, StringComparison.Ordinal), e => e.User, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>UpdateUser</c>: renames a user and/or changes its path; its access keys follow the new name.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Completion; or <c>NoSuchEntity</c>, <c>EntityAlreadyExists</c> (new name taken).</returns>
    public ValueTask<StsResult<IamOperationCompleted>> UpdateUserAsync(IamPrincipal caller, UpdateUserRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator()
            .Name("userName", request.UserName, 128)
            .Path("newPath", request.NewPath)
            .Name("newUserName", request.NewUserName, 64, required: false).Error;
        var account = caller.Account;
        return MutateEntityAsync<UserEntry, IamOperationCompleted>(caller, "iam:UpdateUser", UserAddress(account, request.UserName), invalid, async stored =>
        {
            var old = stored.Value.User;
            var name = request.NewUserName ?? old.UserName;
            var path = request.NewPath ?? old.Path;
            var user = old with { UserName = name, Path = path, Arn = IamArn.Build(account, "user", path, name) };
            var newKey = IamKeys.User(account, name);
            var updated = stored.Value with { User = user };
            if (newKey == stored.Key)
            {
                return Plan(IamOperationCompleted.Instance, IamRepository.Put(stored.Key, stored.Version, updated));
            }

            if (await _repository.GetAsync<UserEntry>(newKey, cancellationToken).ConfigureAwait(false) is not null)
            {
                return IamErrors.EntityAlreadyExists($"User with name {name} already exists.");
            }

            var writes = new List<StoreWrite> { StoreWrite.Delete(stored.Key, stored.Version), IamRepository.Put(newKey, 0, updated) };
            foreach (var keyId in stored.Value.AccessKeyIds)
            {
                if (await _repository.GetAsync<AccessKeyEntry>(IamKeys.AccessKey(keyId), cancellationToken).ConfigureAwait(false) is { } key)
                {
                    writes.Add(IamRepository.Put(key.Key, key.Version, key.Value with { UserName = name }, key.Secret));
                }
            }

            return Plan(IamOperationCompleted.Instance, writes);
        }, cancellationToken);
    }

    /// <summary><c>DeleteUser</c>: deletes a user that has no access keys, inline policies or attached policies.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Completion; or <c>NoSuchEntity</c>, <c>DeleteConflict</c>.</returns>
    public ValueTask<StsResult<IamOperationCompleted>> DeleteUserAsync(IamPrincipal caller, DeleteUserRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var account = caller.Account;
        return MutateEntityAsync<UserEntry, IamOperationCompleted>(caller, "iam:DeleteUser", UserAddress(account, request.UserName), new RequestValidator().Name("userName", request.UserName, 128).Error, async stored =>
        {
            if (!stored.Value.AccessKeyIds.IsEmpty)
            {
                return IamErrors.DeleteConflict("Cannot delete entity, must delete access keys first.");
            }

            if (!stored.Value.InlinePolicies.IsEmpty)
            {
                return IamErrors.DeleteConflict("Cannot delete entity, must delete policies first.");
            }

            if (!stored.Value.AttachedPolicyArns.IsEmpty)
            {
                return IamErrors.DeleteConflict("Cannot delete entity, must detach all policies first.");
            }

            if (await HasEnabledMfaDeviceAsync(account, stored.Value.User, cancellationToken).ConfigureAwait(false))
            {
                return IamErrors.DeleteConflict("Cannot delete entity, must remove MFA devices first.");
            }

            var boundary = await PolicyUsageWritesAsync(account, stored.Value.User.PermissionsBoundaryArn, null, boundary: true, cancellationToken).ConfigureAwait(false);
            var writes = boundary.IsSuccess ? boundary.Value : [];
            writes.Insert(0, StoreWrite.Delete(stored.Key, stored.Version));
            return Plan(IamOperationCompleted.Instance, writes);
        }, cancellationToken);
    }

    /// <summary><c>PutUserPolicy</c>: adds or replaces an inline policy of a user.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Completion; or <c>NoSuchEntity</c>, <c>MalformedPolicyDocument</c>, <c>LimitExceeded</c> (aggregate size).</returns>
    public ValueTask<StsResult<IamOperationCompleted>> PutUserPolicyAsync(IamPrincipal caller, PutUserPolicyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator().Name("userName", request.UserName, 128).Name("policyName", request.PolicyName, 128).PolicyDocument("policyDocument", request.PolicyDocument).Error;
        return MutateEntityAsync<UserEntry, IamOperationCompleted>(caller, "iam:PutUserPolicy", UserAddress(caller.Account, request.UserName), invalid, stored =>
        {
            var policies = PutInline(stored.Value.InlinePolicies, request.PolicyName, request.PolicyDocument);
            if (policies.Sum(p => PolicySize(p.Document)) > _options.MaxUserInlinePolicySize)
            {
                return Failed<IamOperationCompleted>(IamErrors.LimitExceeded($"Maximum policy size of {_options.MaxUserInlinePolicySize} bytes exceeded for user {stored.Value.User.UserName}"));
            }

            var valid = ValidatePolicy(request.PolicyDocument, PolicyKind.Identity);
            return !valid.IsSuccess
                ? Failed<IamOperationCompleted>(valid.Error)
                : ValueTask.FromResult(Plan(IamOperationCompleted.Instance, IamRepository.Put(stored.Key, stored.Version, stored.Value with { InlinePolicies = policies })));
        }, cancellationToken);
    }

    /// <summary><c>GetUserPolicy</c>: reads an inline policy of a user.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The policy; or <c>NoSuchEntity</c> (user or policy).</returns>
    public async ValueTask<StsResult<InlinePolicy>> GetUserPolicyAsync(IamPrincipal caller, GetUserPolicyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator().Name("userName", request.UserName, 128).Name("policyName", request.PolicyName, 128).Error;
        var found = await ReadEntityAsync(caller, "iam:GetUserPolicy", UserAddress(caller.Account, request.UserName), invalid, cancellationToken).ConfigureAwait(false);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var policy = FindInline(found.Value.Value.InlinePolicies, request.PolicyName);
        return policy is null
            ? IamErrors.NoSuchEntity($"The user policy with name {IamErrors.Quote(request.PolicyName)} cannot be found.")
            : new InlinePolicy(found.Value.Value.User.UserName, policy.Name, policy.Document);
    }

    /// <summary><c>ListUserPolicies</c>: lists the names of a user's inline policies.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A page of policy names; or <c>NoSuchEntity</c>.</returns>
    public async ValueTask<StsResult<IamPage<string>>> ListUserPoliciesAsync(IamPrincipal caller, ListUserPoliciesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator().Name("userName", request.UserName, 128).Paging(request.Marker, request.MaxItems).Error;
        var found = await ReadEntityAsync(caller, "iam:ListUserPolicies", UserAddress(caller.Account, request.UserName), invalid, cancellationToken).ConfigureAwait(false);
        return found.IsSuccess
            ? PageOf(found.Value.Value.InlinePolicies.Select(p => p.Name), n => n.ToLowerInvariant(), request.Marker, request.MaxItems)
            : found.Error;
    }

    /// <summary><c>DeleteUserPolicy</c>: deletes an inline policy of a user.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Completion; or <c>NoSuchEntity</c> (user or policy).</returns>
    public ValueTask<StsResult<IamOperationCompleted>> DeleteUserPolicyAsync(IamPrincipal caller, DeleteUserPolicyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator().Name("userName", request.UserName, 128).Name("policyName", request.PolicyName, 128).Error;
        return MutateEntityAsync<UserEntry, IamOperationCompleted>(caller, "iam:DeleteUserPolicy", UserAddress(caller.Account, request.UserName), invalid, stored =>
        {
            var policy = FindInline(stored.Value.InlinePolicies, request.PolicyName);
            return policy is null
                ? Failed<IamOperationCompleted>(IamErrors.NoSuchEntity($"The user policy with name {IamErrors.Quote(request.PolicyName)} cannot be found."))
                : ValueTask.FromResult(Plan(IamOperationCompleted.Instance, IamRepository.Put(stored.Key, stored.Version, stored.Value with { InlinePolicies = stored.Value.InlinePolicies.Remove(policy) })));
        }, cancellationToken);
    }

    /// <summary><c>AttachUserPolicy</c>: attaches a managed policy to a user (no change when already attached).</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Completion; or <c>NoSuchEntity</c> (user or policy), <c>LimitExceeded</c>, <c>InvalidInput</c>.</returns>
    public ValueTask<StsResult<IamOperationCompleted>> AttachUserPolicyAsync(IamPrincipal caller, AttachUserPolicyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator().Name("userName", request.UserName).Arn("policyArn", request.PolicyArn).Error;
        var account = caller.Account;
        return MutateEntityAsync<UserEntry, IamOperationCompleted>(caller, "iam:AttachUserPolicy", UserAddress(account, request.UserName), invalid, async stored =>
        {
            var attached = await AttachWritesAsync(account, stored.Value.AttachedPolicyArns, request.PolicyArn, "PoliciesPerUser", cancellationToken).ConfigureAwait(false);
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

    /// <summary><c>DetachUserPolicy</c>: detaches a managed policy from a user.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Completion; or <c>NoSuchEntity</c> (user, or policy not attached), <c>InvalidInput</c>.</returns>
    public ValueTask<StsResult<IamOperationCompleted>> DetachUserPolicyAsync(IamPrincipal caller, DetachUserPolicyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator().Name("userName", request.UserName).Arn("policyArn", request.PolicyArn).Error;
        var account = caller.Account;
        return MutateEntityAsync<UserEntry, IamOperationCompleted>(caller, "iam:DetachUserPolicy", UserAddress(account, request.UserName), invalid, async stored =>
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

    /// <summary><c>ListAttachedUserPolicies</c>: lists the managed policies attached to a user.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A page of attached policies; or <c>NoSuchEntity</c>.</returns>
    public async ValueTask<StsResult<IamPage<AttachedPolicy>>> ListAttachedUserPoliciesAsync(IamPrincipal caller, ListAttachedUserPoliciesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator().Name("userName", request.UserName).PolicyPath("pathPrefix", request.PathPrefix).Paging(request.Marker, request.MaxItems).Error;
        var found = await ReadEntityAsync(caller, "iam:ListAttachedUserPolicies", UserAddress(caller.Account, request.UserName), invalid, cancellationToken).ConfigureAwait(false);
        return found.IsSuccess ? AttachedPage(found.Value.Value.AttachedPolicyArns, request.PathPrefix, request.Marker, request.MaxItems) : found.Error;
    }

    /// <summary><c>PutUserPermissionsBoundary</c>: sets a user's permissions boundary to a managed policy of the account.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Completion; or <c>NoSuchEntity</c> (user or policy), <c>InvalidInput</c>.</returns>
    public ValueTask<StsResult<IamOperationCompleted>> PutUserPermissionsBoundaryAsync(IamPrincipal caller, PutUserPermissionsBoundaryRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator().Name("userName", request.UserName).Arn("permissionsBoundary", request.PermissionsBoundary).Error;
        return SetUserBoundaryAsync(caller, "iam:PutUserPermissionsBoundary", request.UserName, request.PermissionsBoundary, invalid, cancellationToken);
    }

    /// <summary><c>DeleteUserPermissionsBoundary</c>: removes a user's permissions boundary (no change when it has none).</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Completion; or <c>NoSuchEntity</c>.</returns>
    public ValueTask<StsResult<IamOperationCompleted>> DeleteUserPermissionsBoundaryAsync(IamPrincipal caller, DeleteUserPermissionsBoundaryRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SetUserBoundaryAsync(caller, "iam:DeleteUserPermissionsBoundary", request.UserName, null, new RequestValidator().Name("userName", request.UserName).Error, cancellationToken);
    }

    private ValueTask<StsResult<IamOperationCompleted>> SetUserBoundaryAsync(IamPrincipal caller, string action, string userName, string? boundaryArn, StsError? invalid, CancellationToken cancellationToken)
    {
        var account = caller.Account;
        return MutateEntityAsync<UserEntry, IamOperationCompleted>(caller, action, UserAddress(account, userName), invalid, async stored =>
        {
            var usage = await PolicyUsageWritesAsync(account, stored.Value.User.PermissionsBoundaryArn, boundaryArn, boundary: true, cancellationToken).ConfigureAwait(false);
            if (!usage.IsSuccess)
            {
                return usage.Error;
            }

            if (usage.Value.Count == 0)
            {
                return Plan(IamOperationCompleted.Instance, []);
            }

            usage.Value.Insert(0, IamRepository.Put(stored.Key, stored.Version, stored.Value with { User = stored.Value.User with { PermissionsBoundaryArn = boundaryArn } }));
            return Plan(IamOperationCompleted.Instance, usage.Value);
        }, cancellationToken);
    }

    /// <summary>The user an operation targets: the named one, or the calling user; null for the caller's own root.</summary>
    private static StsResult<string?> TargetUser(IamPrincipal caller, string? userName) =>
        userName is not null ? userName
        : caller.Kind == IamPrincipalKind.User ? caller.Name
        : caller.Kind == IamPrincipalKind.AccountRoot ? StsResult<string?>.Success(null)
        : NonUserCaller()!;

    private static StsError? NonUserCaller() =>
        new("ValidationError", "Must specify userName when calling with non-User credentials", 400);
}
