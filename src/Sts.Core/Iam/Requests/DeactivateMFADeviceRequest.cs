namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>DeactivateMFADevice</c>: removes a device from a user (the device itself remains).</summary>
/// <param name="SerialNumber">The device's serial number (its ARN).</param>
/// <param name="UserName">The user; null for the caller itself.</param>
public sealed record DeactivateMFADeviceRequest(string SerialNumber, string? UserName = null);
