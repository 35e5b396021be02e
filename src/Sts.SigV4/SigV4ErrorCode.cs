namespace Sts.SigV4;

/// <summary>
/// Why a request failed verification. The wire spelling depends on the service family:
/// use <see cref="SigV4ErrorCodeExtensions.ToAwsCode"/> and <see cref="SigV4ErrorCodeExtensions.ToHttpStatus"/>.
/// </summary>
public enum SigV4ErrorCode
{
    /// <summary>The signature, a chunk signature or the trailer signature does not match.</summary>
    SignatureDoesNotMatch,

    /// <summary>The access key is unknown (STS/IAM spell it <c>InvalidClientTokenId</c>).</summary>
    InvalidAccessKeyId,

    /// <summary>The session token is malformed or does not belong to the access key.</summary>
    InvalidToken,

    /// <summary>The session token has expired.</summary>
    ExpiredToken,

    /// <summary>The request time is too far from the server time (STS/IAM answer <c>SignatureDoesNotMatch</c>, "Signature expired").</summary>
    RequestTimeTooSkewed,

    /// <summary>The <c>Authorization</c> header cannot be parsed or names a wrong scope (STS/IAM: <c>IncompleteSignature</c>).</summary>
    AuthorizationHeaderMalformed,

    /// <summary>A required part of the signature is missing (S3: <c>AuthorizationHeaderMalformed</c>).</summary>
    IncompleteSignature,

    /// <summary>The presigned-URL query parameters are missing or malformed (STS/IAM: <c>IncompleteSignature</c>).</summary>
    AuthorizationQueryParametersError,

    /// <summary>The body does not hash to <c>x-amz-content-sha256</c> (STS/IAM: <c>SignatureDoesNotMatch</c>).</summary>
    XAmzContentSHA256Mismatch,

    /// <summary>Access denied: a presigned URL has expired or is not valid yet, a header the host acts on is unsigned, a POST policy expired or does not fit.</summary>
    AccessDenied,

    /// <summary>The request carries no authentication at all (S3 treats this as anonymous and answers <c>AccessDenied</c> if it must).</summary>
    MissingAuthenticationToken,

    /// <summary>A trailing checksum does not match the body.</summary>
    BadDigest,

    /// <summary>The body ended before its declared length or before the final chunk.</summary>
    IncompleteBody,

    /// <summary>A non-final chunk is smaller than the configured minimum.</summary>
    InvalidChunkSizeError,

    /// <summary>The request is malformed in a way no more specific code covers (framing, missing required header).</summary>
    InvalidRequest,

    /// <summary>A header value is out of range, for example an unknown <c>x-amz-content-sha256</c> literal.</summary>
    InvalidArgument,

    /// <summary>The request headers exceed the configured size limit.</summary>
    RequestHeaderSectionTooLarge,

    /// <summary>The body exceeds what the verifier is configured to buffer.</summary>
    RequestEntityTooLarge,

    /// <summary>The POST policy document is not valid Base64 JSON with an expiration.</summary>
    InvalidPolicyDocument,
}
