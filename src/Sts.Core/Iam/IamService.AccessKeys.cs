using System.Collections.Immutable;
using Sts.Core.Accounts;
using Sts.Core.Iam.Requests;
using Sts.Core.Stores;

namespace Sts.Core.Iam;

/// <content>Access keys of users and of account roots.</content>
public sealed partial class IamService
{
    private static readonly string[] AccessKeyStatuses = ["Active", "Inactive", "Expired"];

    /// <summary><c>CreateAccessKey</c>: creates an access key for a user (or, without a name, for the caller itself). The secret is returned only here.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The key with its secret; or <c>NoSuchEntity</c>, <c>LimitExceeded</c> (two keys already).</returns>
    public ValueTask<StsResult<NewAccessKey>> CreateAccessKeyAsync(IamPrincipal caller, CreateAccessKeyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator().Name("userName", request.UserName, 128, required: false).Error;
        var account = caller.Account;
        return MutateKeysAsync<NewAccessKey>(caller, "iam:CreateAccessKey", request.UserName, invalid, owner =>
        {
            if (owner.KeyIds.Length >= _options.MaxAccessKeysPerUser)
            {
                return Failed<NewAccessKey>(IamErrors.LimitExceeded($"Cannot exceed quota for AccessKeysPerUser: {_options.MaxAccessKeysPerUser}"));
            }

            var id = _ids.NewAccessKeyId();
            var secret = _ids.NewSecretAccessKey();
            var entry = new AccessKeyEntry(account.Value, owner.UserName, id, AccessKeyStatus.Active, Now);
            var key = new NewAccessKey(owner.UserName, id, AccessKeyStatus.Active, secret, entry.CreateDate);
            return ValueTask.FromResult(Plan(key, owner.Rewrite(owner.KeyIds.Add(id)), IamRepository.Put(IamKeys.AccessKey(id), 0, entry, secret)));
        }, cancellationToken);
    }

    /// <summary><c>ListAccessKeys</c>: lists a user's access keys (or the caller's own), without secrets.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A page of key metadata ordered by key id; or <c>NoSuchEntity</c>.</returns>
    public ValueTask<StsResult<IamPage<AccessKeyMetadata>>> ListAccessKeysAsync(IamPrincipal caller, ListAccessKeysRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator().Name("userName", request.UserName, 128, required: false).Paging(request.Marker, request.MaxItems).Error;
        return MutateKeysAsync<IamPage<AccessKeyMetadata>>(caller, "iam:ListAccessKeys", request.UserName, invalid, async owner =>
        {
            var keys = new List<AccessKeyMetadata>();
            foreach (var id in owner.KeyIds)
            {
                if (await _repository.GetAsync<AccessKeyEntry>(IamKeys.AccessKey(id), cancellationToken).ConfigureAwait(false) is { } key)
                {
                    keys.Add(new AccessKeyMetadata(key.Value.UserName, id, key.Value.Status, key.Value.CreateDate));
                }
            }

            return Plan(PageOf(keys, k => k.AccessKeyId, request.Marker, request.MaxItems), []);
        }, cancellationToken);
    }

    /// <summary><c>UpdateAccessKey</c>: activates or deactivates an access key of a user (or of the caller).</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Completion; or <c>NoSuchEntity</c> (user, or key not theirs), <c>InvalidInput</c> (<c>Expired</c>).</returns>
    public ValueTask<StsResult<IamOperationCompleted>> UpdateAccessKeyAsync(IamPrincipal caller, UpdateAccessKeyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator()
            .Name("userName", request.UserName, 128, required: false)
            .AccessKeyId("accessKeyId", request.AccessKeyId)
            .Enum("status", request.Status, AccessKeyStatuses, required: true).Error
            ?? (request.Status == "Expired" ? IamErrors.InvalidInput("The status of an access key can be set to Active or Inactive only.") : null);
        return MutateKeysAsync<IamOperationCompleted>(caller, "iam:UpdateAccessKey", request.UserName, invalid, async owner =>
        {
            var key = await OwnedKeyAsync(owner, request.AccessKeyId, cancellationToken).ConfigureAwait(false);
            if (!key.IsSuccess)
            {
                return key.Error;
            }

            var status = Enum.Parse<AccessKeyStatus>(request.Status);
            return key.Value.Value.Status == status
                ? Plan(IamOperationCompleted.Instance, [])
                : Plan(IamOperationCompleted.Instance, IamRepository.Put(key.Value.Key, key.Value.Version, key.Value.Value with { Status = status }, key.Value.Secret));
        }, cancellationToken);
    }

    /// <summary><c>DeleteAccessKey</c>: deletes an access key of a user (or of the caller).</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Completion; or <c>NoSuchEntity</c> (user, or key not theirs).</returns>
    public ValueTask<StsResult<IamOperationCompleted>> DeleteAccessKeyAsync(IamPrincipal caller, DeleteAccessKeyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator().Name("userName", request.UserName, 128, required: false).AccessKeyId("accessKeyId", request.AccessKeyId).Error;
        return MutateKeysAsync<IamOperationCompleted>(caller, "iam:DeleteAccessKey", request.UserName, invalid, async owner =>
        {
            var key = await OwnedKeyAsync(owner, request.AccessKeyId, cancellationToken).ConfigureAwait(false);
            return !key.IsSuccess
                ? key.Error
                : Plan(IamOperationCompleted.Instance, owner.Rewrite(owner.KeyIds.Remove(request.AccessKeyId)), StoreWrite.Delete(key.Value.Key, key.Value.Version));
        }, cancellationToken);
    }

    private async ValueTask<StsResult<Stored<AccessKeyEntry>>> OwnedKeyAsync(KeyOwner owner, string accessKeyId, CancellationToken cancellationToken)
    {
        var key = owner.KeyIds.Contains(accessKeyId, StringComparer.Ordinal)
            ? await _repository.GetAsync<AccessKeyEntry>(IamKeys.AccessKey(accessKeyId), cancellationToken).ConfigureAwait(false)
            : null;
        return key is null ? IamErrors.NoSuchEntity($"The Access Key with id {IamErrors.Quote(accessKeyId)} cannot be found.") : key;
    }

    private async ValueTask<StsResult<T>> MutateKeysAsync<T>(IamPrincipal caller, string action, string? userName, StsError? invalid, Func<KeyOwner, ValueTask<StsResult<(IReadOnlyList<StoreWrite> Writes, T Result)>>> change, CancellationToken cancellationToken)
    {
        if (invalid is not null)
        {
            return invalid;
        }

        var target = TargetUser(caller, userName);
        if (!target.IsSuccess)
        {
            return target.Error;
        }

        var account = caller.Account;
        if (target.Value is { } name)
        {
            return await MutateEntityAsync<UserEntry, T>(caller, action, UserAddress(account, name), null, stored => change(new KeyOwner(
                stored.Value.AccessKeyIds,
                stored.Value.User.UserName,
                ids => IamRepository.Put(stored.Key, stored.Version, stored.Value with { AccessKeyIds = ids }))), cancellationToken).ConfigureAwait(false);
        }

        if (await AuthorizeAsync(caller, action, account.RootArn, account, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        var rootKey = IamKeys.Root(account);
        return await MutateAsync<T>(action, async () =>
        {
            var root = await _repository.GetAsync<RootEntry>(rootKey, cancellationToken).ConfigureAwait(false);
            return await change(new KeyOwner(root?.Value.AccessKeyIds ?? [], null, ids => IamRepository.Put(rootKey, root?.Version ?? 0, new RootEntry(ids)))).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whoever owns access keys: a user (by name) or an account root (null name), and how to rewrite its key list.</summary>
    private sealed record KeyOwner(ImmutableArray<string> KeyIds, string? UserName, Func<ImmutableArray<string>, StoreWrite> Rewrite);
}
