namespace Sts.Core.Iam;

/// <summary>An MFA device enabled for a user, as <c>ListMFADevices</c> answers it.</summary>
/// <param name="UserName">The user the device is enabled for.</param>
/// <param name="SerialNumber">The serial number (the ARN of a virtual device).</param>
/// <param name="EnableDate">When the device was enabled.</param>
public sealed record IamMfaDevice(string UserName, string SerialNumber, DateTimeOffset EnableDate);
