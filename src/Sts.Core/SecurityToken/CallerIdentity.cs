namespace Sts.Core.SecurityToken;

/// <summary>The result of <c>GetCallerIdentity</c>.</summary>
/// <param name="UserId">The caller's <c>aws:userid</c>.</param>
/// <param name="Account">The caller's account.</param>
/// <param name="Arn">The caller's ARN.</param>
public sealed record CallerIdentity(string UserId, string Account, string Arn);
