namespace Sts.Core.SecurityToken;

/// <summary>Finds enabled virtual MFA devices (registered through IAM's CreateVirtualMFADevice and EnableMFADevice).</summary>
public interface IMfaDeviceResolver
{
    /// <summary>Finds an enabled device by serial number.</summary>
    /// <param name="serialNumber">The <c>SerialNumber</c> from the request.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The device, or null when no enabled device has this serial number.</returns>
    ValueTask<MfaDevice?> FindEnabledDeviceAsync(string serialNumber, CancellationToken cancellationToken = default);
}
