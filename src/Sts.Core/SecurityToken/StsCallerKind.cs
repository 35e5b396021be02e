namespace Sts.Core.SecurityToken;

/// <summary>What kind of principal signed an STS request.</summary>
public enum StsCallerKind
{
    /// <summary>The account root user with a long-term access key.</summary>
    AccountRoot = 1,

    /// <summary>An IAM user with a long-term access key.</summary>
    User = 2,

    /// <summary>A temporary session (<c>ASIA</c> key with a session token): a role session or a GetSessionToken session.</summary>
    Session = 3,
}
