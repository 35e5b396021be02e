namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>CreateVirtualMFADevice</c>: creates a virtual MFA device (not yet enabled for anyone).</summary>
/// <param name="VirtualMFADeviceName">The device name (<c>[\w+=,.@-]+</c>); unique per account case-insensitively.</param>
/// <param name="Path">The path, <c>/</c> (the default) or <c>/a/b/</c>.</param>
/// <param name="Tags">Tags to set, at most 50; null for none.</param>
public sealed record CreateVirtualMFADeviceRequest(string VirtualMFADeviceName, string? Path = null, IReadOnlyList<IamTag>? Tags = null);
