namespace Sts.SigV4;

/// <summary>Which error vocabulary and payload rules a signing service follows.</summary>
public enum SigV4ServiceFamily
{
    /// <summary>S3 REST: S3 error codes; <c>x-amz-content-sha256</c> required for header auth; presigned URLs default to <c>UNSIGNED-PAYLOAD</c>.</summary>
    S3,

    /// <summary>Query-protocol services such as STS and IAM: their error codes; the verifier hashes the body itself when no payload hash header is sent.</summary>
    Query,
}
