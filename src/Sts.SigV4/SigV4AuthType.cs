namespace Sts.SigV4;

/// <summary>Where the request carried its signature.</summary>
public enum SigV4AuthType
{
    /// <summary>The <c>Authorization</c> header.</summary>
    Header,

    /// <summary>Query parameters (a presigned URL).</summary>
    Query,

    /// <summary>A browser POST form with a signed policy.</summary>
    PostPolicy,
}
