namespace Sts.Core.Tokens;

/// <summary>The errors a session token check answers with, worded as AWS words them.</summary>
internal static class SessionTokenErrors
{
    internal static readonly StsError Invalid = new(
        "InvalidClientTokenId", "The security token included in the request is invalid.", 403);

    internal static readonly StsError Expired = new(
        "ExpiredToken", "The security token included in the request is expired", 400);
}
