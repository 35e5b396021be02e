namespace Sts.Core.SecurityToken;

/// <summary>An enabled virtual MFA device: its serial number (ARN), the identity it is assigned to, and its TOTP secret.</summary>
/// <param name="SerialNumber">The device's serial number, <c>arn:aws:iam::ACCOUNT:mfa/NAME</c>.</param>
/// <param name="OwnerArn">The ARN of the user (or account root) the device is enabled for.</param>
/// <param name="Secret">The TOTP shared secret (raw bytes).</param>
public sealed record MfaDevice(string SerialNumber, string OwnerArn, ReadOnlyMemory<byte> Secret)
{
    /// <summary>Describes the device without its secret.</summary>
    /// <returns>The serial number and owner.</returns>
    public override string ToString() => $"{SerialNumber} (enabled for {OwnerArn})";
}
