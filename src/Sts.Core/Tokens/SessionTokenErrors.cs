namespace Sts.Core.Tokens;

/// <summary>The errors a session token check answers with, worded as AWS words them.</summary>
internal static class SessionTokenErrors
{
    internal static readonly StsError Invalid = new(
        "InvalidClientTokenId", "The security token included in the request is invalid.", 403);

    /// <summary>
    /// Expired temporary credentials, as STS and IAM answer them: HTTP 403. S3 answers the same code with 400 and its own
    /// wording; <see cref="Hosting.StsCredentialResolver"/> hands the failure to the SigV4 verifier, which picks per service.
    /// </summary>
    internal static readonly StsError Expired = new(
        "ExpiredToken", "The security token included in the request is expired", 403);
}
