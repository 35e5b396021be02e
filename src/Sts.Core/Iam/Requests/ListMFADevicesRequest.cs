namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>ListMFADevices</c>: lists the MFA devices enabled for a user.</summary>
/// <param name="UserName">The user; null for the caller itself.</param>
/// <param name="Marker">The marker from the previous page, or null for the first page.</param>
/// <param name="MaxItems">The most items to return, 1 to 1000; 100 by default.</param>
public sealed record ListMFADevicesRequest(string? UserName = null, string? Marker = null, int? MaxItems = null);
