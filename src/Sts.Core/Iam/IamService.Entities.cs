using Sts.Core.Accounts;
using Sts.Core.Stores;

namespace Sts.Core.Iam;

/// <content>Shared read and read-modify-write paths for entities addressed by name (users, roles).</content>
public sealed partial class IamService
{
    private async ValueTask<StsResult<Stored<TEntry>>> ReadEntityAsync<TEntry>(
        IamPrincipal caller, string action, EntityAddress<TEntry> address, StsError? invalid, CancellationToken cancellationToken)
        where TEntry : class
    {
        if (invalid is not null)
        {
            return invalid;
        }

        var stored = await _repository.GetAsync<TEntry>(address.Key, cancellationToken).ConfigureAwait(false);
        var arn = stored is null ? address.FallbackArn : address.ArnOf(stored.Value);
        if (await AuthorizeAsync(caller, action, arn, address.Account, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        return stored is null ? address.NotFound() : stored;
    }

    private async ValueTask<StsResult<T>> MutateEntityAsync<TEntry, T>(
        IamPrincipal caller,
        string action,
        EntityAddress<TEntry> address,
        StsError? invalid,
        Func<Stored<TEntry>, ValueTask<StsResult<(IReadOnlyList<StoreWrite> Writes, T Result)>>> change,
        CancellationToken cancellationToken)
        where TEntry : class
    {
        var first = await ReadEntityAsync(caller, action, address, invalid, cancellationToken).ConfigureAwait(false);
        if (!first.IsSuccess)
        {
            return first.Error;
        }

        var useFirst = true;
        return await MutateAsync<T>(action, async () =>
        {
            var stored = useFirst ? first.Value : await _repository.GetAsync<TEntry>(address.Key, cancellationToken).ConfigureAwait(false);
            useFirst = false;
            return stored is null ? address.NotFound() : await change(stored).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    private static EntityAddress<RoleEntry> RoleAddress(AccountId account, string roleName) => new(
        account,
        IamKeys.Role(account, roleName),
        IamArn.Build(account, "role", "/", roleName),
        e => e.Role.Arn,
        () => IamErrors.NoSuchRole(roleName));

    private static EntityAddress<UserEntry> UserAddress(AccountId account, string userName) => new(
        account,
        IamKeys.User(account, userName),
        IamArn.Build(account, "user", "/", userName),
        e => e.User.Arn,
        () => IamErrors.NoSuchUser(userName));

    /// <summary>Where an entity lives, the ARN to authorize on when it is missing, and its not-found error.</summary>
    private sealed record EntityAddress<TEntry>(AccountId Account, string Key, string FallbackArn, Func<TEntry, string> ArnOf, Func<StsError> NotFound);
}
