namespace Sts.SigV4;

/// <summary>Wire spellings and HTTP statuses of <see cref="SigV4ErrorCode"/> per service family.</summary>
public static class SigV4ErrorCodeExtensions
{
    /// <summary>Returns the AWS error code string a client of <paramref name="family"/> expects.</summary>
    /// <param name="code">The semantic failure.</param>
    /// <param name="family">The service family answering.</param>
    /// <returns>The code to put in the error response, for example <c>InvalidClientTokenId</c> for an unknown key on STS.</returns>
    public static string ToAwsCode(this SigV4ErrorCode code, SigV4ServiceFamily family)
    {
        bool s3 = family == SigV4ServiceFamily.S3;
        return code switch
        {
            SigV4ErrorCode.SignatureDoesNotMatch => "SignatureDoesNotMatch",
            SigV4ErrorCode.InvalidAccessKeyId => s3 ? "InvalidAccessKeyId" : "InvalidClientTokenId",
            SigV4ErrorCode.InvalidToken => s3 ? "InvalidToken" : "InvalidClientTokenId",
            SigV4ErrorCode.ExpiredToken => "ExpiredToken",
            SigV4ErrorCode.RequestTimeTooSkewed => s3 ? "RequestTimeTooSkewed" : "SignatureDoesNotMatch",
            SigV4ErrorCode.AuthorizationHeaderMalformed => s3 ? "AuthorizationHeaderMalformed" : "IncompleteSignature",
            SigV4ErrorCode.IncompleteSignature => s3 ? "AuthorizationHeaderMalformed" : "IncompleteSignature",
            SigV4ErrorCode.AuthorizationQueryParametersError => s3 ? "AuthorizationQueryParametersError" : "IncompleteSignature",
            SigV4ErrorCode.XAmzContentSHA256Mismatch => s3 ? "XAmzContentSHA256Mismatch" : "SignatureDoesNotMatch",
            SigV4ErrorCode.AccessDenied => "AccessDenied",
            SigV4ErrorCode.MissingAuthenticationToken => s3 ? "AccessDenied" : "MissingAuthenticationToken",
            SigV4ErrorCode.BadDigest => "BadDigest",
            SigV4ErrorCode.IncompleteBody => "IncompleteBody",
            SigV4ErrorCode.InvalidChunkSizeError => "InvalidChunkSizeError",
            SigV4ErrorCode.InvalidRequest => "InvalidRequest",
            SigV4ErrorCode.InvalidArgument => "InvalidArgument",
            SigV4ErrorCode.RequestHeaderSectionTooLarge => s3 ? "RequestHeaderSectionTooLarge" : "InvalidRequest",
            SigV4ErrorCode.RequestEntityTooLarge => s3 ? "EntityTooLarge" : "RequestEntityTooLarge",
            SigV4ErrorCode.InvalidPolicyDocument => "InvalidPolicyDocument",
            _ => "InvalidRequest",
        };
    }

    /// <summary>Returns the HTTP status that accompanies <paramref name="code"/> for <paramref name="family"/>.</summary>
    /// <param name="code">The semantic failure.</param>
    /// <param name="family">The service family answering.</param>
    /// <returns>400, 403 or 413.</returns>
    public static int ToHttpStatus(this SigV4ErrorCode code, SigV4ServiceFamily family)
    {
        bool s3 = family == SigV4ServiceFamily.S3;
        return code switch
        {
            SigV4ErrorCode.SignatureDoesNotMatch => 403,
            SigV4ErrorCode.InvalidAccessKeyId => 403,
            SigV4ErrorCode.InvalidToken => s3 ? 400 : 403,
            SigV4ErrorCode.ExpiredToken => s3 ? 400 : 403,
            SigV4ErrorCode.RequestTimeTooSkewed => 403,
            SigV4ErrorCode.XAmzContentSHA256Mismatch => s3 ? 400 : 403,
            SigV4ErrorCode.AccessDenied => 403,
            SigV4ErrorCode.MissingAuthenticationToken => 403,
            SigV4ErrorCode.RequestEntityTooLarge => s3 ? 400 : 413,
            _ => 400,
        };
    }
}
