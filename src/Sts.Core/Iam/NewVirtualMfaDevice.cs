using System.Collections.Immutable;

namespace Sts.Core.Iam;

/// <summary>The answer of <c>CreateVirtualMFADevice</c>: the device's serial number and its seed, shown only here.</summary>
/// <param name="SerialNumber">The serial number, <c>arn:aws:iam::ACCOUNT:mfa/PATHNAME</c>.</param>
/// <param name="Base32StringSeed">The TOTP shared secret, Base32 (RFC 4648) without padding.</param>
/// <param name="Tags">The device's tags.</param>
public sealed record NewVirtualMfaDevice(string SerialNumber, string Base32StringSeed, ImmutableArray<IamTag> Tags)
{
    /// <summary>Describes the device without its seed.</summary>
    /// <returns>The serial number.</returns>
    public override string ToString() => $"NewVirtualMfaDevice {{ SerialNumber = {SerialNumber}, Base32StringSeed = *** }}";
}
