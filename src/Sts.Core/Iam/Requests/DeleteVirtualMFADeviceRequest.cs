namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>DeleteVirtualMFADevice</c>: deletes a virtual MFA device that is not enabled for any user.</summary>
/// <param name="SerialNumber">The device's serial number (its ARN).</param>
public sealed record DeleteVirtualMFADeviceRequest(string SerialNumber);
