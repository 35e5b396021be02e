namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>EnableMFADevice</c>: assigns a virtual MFA device to a user, proven by two consecutive codes.</summary>
/// <param name="UserName">The user.</param>
/// <param name="SerialNumber">The device's serial number (its ARN).</param>
/// <param name="AuthenticationCode1">A code from the device (6 digits).</param>
/// <param name="AuthenticationCode2">The code the device showed next (6 digits).</param>
public sealed record EnableMFADeviceRequest(string UserName, string SerialNumber, string AuthenticationCode1, string AuthenticationCode2);
