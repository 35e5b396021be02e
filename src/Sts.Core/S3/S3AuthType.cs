namespace Sts.Core.S3;

/// <summary>How an S3 request was authenticated: the value of <c>s3:authType</c>.</summary>
public enum S3AuthType
{
    /// <summary>No credentials: <c>s3:authType</c> and <c>s3:signatureversion</c> are absent.</summary>
    Anonymous,

    /// <summary>An <c>Authorization</c> header (<c>REST-HEADER</c>).</summary>
    Header,

    /// <summary>A presigned URL (<c>REST-QUERY-STRING</c>).</summary>
    QueryString,

    /// <summary>A browser POST form (<c>POST</c>).</summary>
    Post,
}
