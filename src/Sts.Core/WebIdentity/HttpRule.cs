namespace Sts.Core.WebIdentity;

/// <summary>Where <see cref="BoundedDocumentRetriever"/> may fetch over plain <c>http://</c>.</summary>
internal enum HttpRule
{
    /// <summary>https only (AWS).</summary>
    Never,

    /// <summary>http also to loopback hosts (a loopback provider vouched for by IAM).</summary>
    LoopbackOnly,

    /// <summary>http anywhere (<see cref="WebIdentityOptions.AllowHttpIssuers"/>).</summary>
    Anywhere,
}
