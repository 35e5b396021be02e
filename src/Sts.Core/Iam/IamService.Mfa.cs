using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Sts.Core.Accounts;
using Sts.Core.Iam.Requests;
using Sts.Core.Stores;
using Sts.Core.Tokens;

namespace Sts.Core.Iam;

/// <content>Virtual MFA devices: creation (the seed is shown once and kept sealed at rest), enabling for a user with two consecutive codes, deactivation, deletion, listing.</content>
public sealed partial class IamService
{
    /// <summary>MFA devices in use per user, as AWS.</summary>
    private const int MaxMfaDevicesPerUser = 8;

    /// <summary>How many 30-second steps the second code of <c>EnableMFADevice</c> may be away from now.</summary>
    private const int EnableWindowSteps = 1;

    private static StsError NoSuchDevice(string serialNumber) =>
        IamErrors.NoSuchEntity($"VirtualMFADevice with serial number {IamErrors.Quote(serialNumber)} doesn't exist.");

    /// <summary><c>CreateVirtualMFADevice</c>: creates a virtual MFA device in the caller's account. Its seed is returned only here.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The serial number and Base32 seed; or <c>EntityAlreadyExists</c>, <c>InvalidInput</c> (duplicate tag keys, serial number over 256 characters).</returns>
    public async ValueTask<StsResult<NewVirtualMfaDevice>> CreateVirtualMFADeviceAsync(IamPrincipal caller, CreateVirtualMFADeviceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if ((new RequestValidator().Name("virtualMFADeviceName", request.VirtualMFADeviceName, 256).Path("path", request.Path).Tags("tags", request.Tags).Error
            ?? CheckTagKeysUnique(request.Tags)) is { } invalid)
        {
            return invalid;
        }

        var account = caller.Account;
        var path = request.Path ?? "/";
        var serialNumber = IamArn.Build(account, "mfa", path, request.VirtualMFADeviceName);
        if (serialNumber.Length > 256)
        {
            return IamErrors.InvalidInput($"The serial number '{IamErrors.Quote(serialNumber)}' of the device would be longer than 256 characters.");
        }

        if (await AuthorizeAsync(caller, "iam:CreateVirtualMFADevice", serialNumber, account, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        var key = IamKeys.Mfa(account, request.VirtualMFADeviceName);
        var tags = request.Tags?.ToImmutableArray() ?? [];
        return await MutateAsync<NewVirtualMfaDevice>("iam:CreateVirtualMFADevice", async () =>
        {
            if (await _repository.GetAsync<MfaDeviceEntry>(key, cancellationToken).ConfigureAwait(false) is not null)
            {
                return IamErrors.EntityAlreadyExists("MFADevice entity at the same path and name already exists.");
            }

            var seed = _ids.NewMfaSeed();
            var base32 = Base32.Encode(seed);
            CryptographicOperations.ZeroMemory(seed);
            var entry = new MfaDeviceEntry(account.Value, path, request.VirtualMFADeviceName, serialNumber, tags, null, null, null);
            return Plan(new NewVirtualMfaDevice(serialNumber, base32, tags), IamRepository.Put(key, 0, entry, base32));
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>EnableMFADevice</c>: enables a virtual MFA device for a user. The two codes must be the device's codes for two
    /// consecutive 30-second steps, the second one within a step of now.
    /// </summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>
    /// Completion; or <c>NoSuchEntity</c> (user or device), <c>EntityAlreadyExists</c> (the device is in use),
    /// <c>LimitExceeded</c> (the user has 8 devices), <c>InvalidAuthenticationCode</c> (403).
    /// </returns>
    public ValueTask<StsResult<IamOperationCompleted>> EnableMFADeviceAsync(IamPrincipal caller, EnableMFADeviceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator()
            .Name("userName", request.UserName, 128)
            .SerialNumber("serialNumber", request.SerialNumber)
            .AuthenticationCode("authenticationCode1", request.AuthenticationCode1)
            .AuthenticationCode("authenticationCode2", request.AuthenticationCode2).Error;
        var account = caller.Account;
        return MutateEntityAsync<UserEntry, IamOperationCompleted>(caller, "iam:EnableMFADevice", UserAddress(account, request.UserName ?? string.Empty), invalid, async user =>
        {
            var device = await FindDeviceAsync(account, request.SerialNumber, cancellationToken).ConfigureAwait(false);
            if (device?.Secret is null)
            {
                return NoSuchDevice(request.SerialNumber);
            }

            if (device.Value.UserName is not null)
            {
                return IamErrors.EntityAlreadyExists("MFA Device is already in use.");
            }

            var enabled = await EnabledDevicesAsync(account, user.Value.User, cancellationToken).ConfigureAwait(false);
            if (enabled.Count >= MaxMfaDevicesPerUser)
            {
                return IamErrors.LimitExceeded($"Cannot exceed quota for MFADevicesPerUser: {MaxMfaDevicesPerUser}");
            }

            if (!AreConsecutiveCodes(device.Secret, request.AuthenticationCode1, request.AuthenticationCode2))
            {
                return new StsError("InvalidAuthenticationCode", "Authentication code for device is not valid.", 403);
            }

            var enabledDevice = device.Value with { UserName = user.Value.User.UserName, UserId = user.Value.User.UserId, EnableDate = Now };

            // The user is rewritten unchanged so that a concurrent DeleteUser loses the race instead of orphaning the device.
            return Plan(
                IamOperationCompleted.Instance,
                IamRepository.Put(device.Key, device.Version, enabledDevice, device.Secret),
                IamRepository.Put(user.Key, user.Version, user.Value));
        }, cancellationToken);
    }

    /// <summary><c>DeactivateMFADevice</c>: removes a device from a user (or from the calling user); the device remains and can be enabled again.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Completion; or <c>NoSuchEntity</c> (the user, or no such device enabled for them).</returns>
    public ValueTask<StsResult<IamOperationCompleted>> DeactivateMFADeviceAsync(IamPrincipal caller, DeactivateMFADeviceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var invalid = new RequestValidator().Name("userName", request.UserName, 128, required: false).SerialNumber("serialNumber", request.SerialNumber).Error;
        var target = TargetUser(caller, request.UserName);
        if (invalid is null && !target.IsSuccess)
        {
            invalid = target.Error;
        }

        var account = caller.Account;
        var userName = target.IsSuccess ? target.Value : null;
        if (invalid is null && userName is null)
        {
            // An account root has no virtual devices enabled through this API.
            invalid = IamErrors.NoSuchEntity($"MFA Device with serial number {IamErrors.Quote(request.SerialNumber)} does not exist.");
        }

        return MutateEntityAsync<UserEntry, IamOperationCompleted>(caller, "iam:DeactivateMFADevice", UserAddress(account, userName ?? string.Empty), invalid, async user =>
        {
            var device = await FindDeviceAsync(account, request.SerialNumber, cancellationToken).ConfigureAwait(false);
            if (device is null || !string.Equals(device.Value.UserId, user.Value.User.UserId, StringComparison.Ordinal))
            {
                return IamErrors.NoSuchEntity($"MFA Device with serial number {IamErrors.Quote(request.SerialNumber)} does not exist.");
            }

            var disabled = device.Value with { UserName = null, UserId = null, EnableDate = null };
            return Plan(IamOperationCompleted.Instance, IamRepository.Put(device.Key, device.Version, disabled, device.Secret));
        }, cancellationToken);
    }

    /// <summary><c>DeleteVirtualMFADevice</c>: deletes a virtual MFA device of the caller's account that is not enabled for anyone.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Completion; or <c>NoSuchEntity</c>, <c>DeleteConflict</c> (the device is enabled for a user).</returns>
    public async ValueTask<StsResult<IamOperationCompleted>> DeleteVirtualMFADeviceAsync(IamPrincipal caller, DeleteVirtualMFADeviceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (new RequestValidator().SerialNumber("serialNumber", request.SerialNumber).Error is { } invalid)
        {
            return invalid;
        }

        var account = caller.Account;
        if (await AuthorizeAsync(caller, "iam:DeleteVirtualMFADevice", request.SerialNumber, account, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        return await MutateAsync<IamOperationCompleted>("iam:DeleteVirtualMFADevice", async () =>
        {
            var device = await FindDeviceAsync(account, request.SerialNumber, cancellationToken).ConfigureAwait(false);
            return device is null ? NoSuchDevice(request.SerialNumber)
                : device.Value.UserName is not null ? IamErrors.DeleteConflict("MFA Device is still in use.")
                : Plan(IamOperationCompleted.Instance, StoreWrite.Delete(device.Key, device.Version));
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>ListMFADevices</c>: lists the MFA devices enabled for a user (or for the calling user), ordered by serial number.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A page of devices (empty for an account root); or <c>NoSuchEntity</c>.</returns>
    public async ValueTask<StsResult<IamPage<IamMfaDevice>>> ListMFADevicesAsync(IamPrincipal caller, ListMFADevicesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (new RequestValidator().Name("userName", request.UserName, 128, required: false).Paging(request.Marker, request.MaxItems).Error is { } invalid)
        {
            return invalid;
        }

        var target = TargetUser(caller, request.UserName);
        if (!target.IsSuccess)
        {
            return target.Error;
        }

        var account = caller.Account;
        if (target.Value is not { } userName)
        {
            return await AuthorizeAsync(caller, "iam:ListMFADevices", account.RootArn, account, cancellationToken).ConfigureAwait(false) is { } rootDenied
                ? rootDenied
                : new IamPage<IamMfaDevice>([], false, null);
        }

        var user = await ReadEntityAsync(caller, "iam:ListMFADevices", UserAddress(account, userName), null, cancellationToken).ConfigureAwait(false);
        if (!user.IsSuccess)
        {
            return user.Error;
        }

        var devices = await EnabledDevicesAsync(account, user.Value.Value.User, cancellationToken).ConfigureAwait(false);
        return PageOf(devices, d => d.SerialNumber, request.Marker, request.MaxItems);
    }

    /// <summary>
    /// The enabled virtual MFA device with exactly this serial number: the ARN of the user it is enabled for and its raw seed.
    /// Null when there is none, it is not enabled, or its user is gone or was re-created since.
    /// </summary>
    internal async ValueTask<(string SerialNumber, string UserArn, byte[] Seed)?> FindEnabledMfaDeviceAsync(string serialNumber, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(serialNumber);
        if (!IamArn.TryParse(serialNumber, "mfa", out var arn))
        {
            return null;
        }

        var device = await FindDeviceAsync(arn.Account, serialNumber, cancellationToken).ConfigureAwait(false);
        if (device?.Secret is null || device.Value.UserName is not { } userName)
        {
            return null;
        }

        var user = await _repository.GetAsync<UserEntry>(IamKeys.User(arn.Account, userName), cancellationToken).ConfigureAwait(false);
        if (user is null || !string.Equals(user.Value.User.UserId, device.Value.UserId, StringComparison.Ordinal))
        {
            return null;
        }

        return Base32.Decode(device.Secret) is { } seed ? (device.Value.SerialNumber, user.Value.User.Arn, seed) : null;
    }

    private async ValueTask<bool> HasEnabledMfaDeviceAsync(AccountId account, IamUser user, CancellationToken cancellationToken) =>
        (await EnabledDevicesAsync(account, user, cancellationToken).ConfigureAwait(false)).Count > 0;

    /// <summary>The device of <paramref name="account"/> whose serial number is exactly <paramref name="serialNumber"/> (path included).</summary>
    private async ValueTask<Stored<MfaDeviceEntry>?> FindDeviceAsync(AccountId account, string serialNumber, CancellationToken cancellationToken)
    {
        if (!IamArn.TryParse(serialNumber, "mfa", out var arn) || arn.Account != account)
        {
            return null;
        }

        var device = await _repository.GetAsync<MfaDeviceEntry>(IamKeys.Mfa(account, arn.Name), cancellationToken).ConfigureAwait(false);
        return device is not null && string.Equals(device.Value.SerialNumber, serialNumber, StringComparison.Ordinal) ? device : null;
    }

    private async ValueTask<List<IamMfaDevice>> EnabledDevicesAsync(AccountId account, IamUser user, CancellationToken cancellationToken)
    {
        var devices = new List<IamMfaDevice>();
        var prefix = IamKeys.MfaPrefix(account);
        string? afterKey = null;
        while (true)
        {
            var (records, isTruncated) = await _repository.ListAsync<MfaDeviceEntry>(prefix, afterKey, 1000, cancellationToken).ConfigureAwait(false);
            foreach (var record in records)
            {
                if (string.Equals(record.Value.UserId, user.UserId, StringComparison.Ordinal) && record.Value.EnableDate is { } enabledAt)
                {
                    devices.Add(new IamMfaDevice(user.UserName, record.Value.SerialNumber, enabledAt));
                }
            }

            if (!isTruncated || records.Count == 0)
            {
                return devices;
            }

            afterKey = records[^1].Key;
        }
    }

    /// <summary>Whether the codes are the device's codes for two consecutive steps, the second within <see cref="EnableWindowSteps"/> of now.</summary>
    private bool AreConsecutiveCodes(string base32Seed, string first, string second)
    {
        var seed = Base32.Decode(base32Seed);
        if (seed is null)
        {
            return false;
        }

        try
        {
            var current = Totp.StepAt(_time.GetUtcNow());
            var matched = false;
            for (var step = current - EnableWindowSteps; step <= current + EnableWindowSteps; step++)
            {
                var firstOk = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Totp.ComputeForStep(seed, step - 1)), Encoding.ASCII.GetBytes(first));
                var secondOk = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Totp.ComputeForStep(seed, step)), Encoding.ASCII.GetBytes(second));
                matched |= firstOk & secondOk;
            }

            return matched;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }
}
