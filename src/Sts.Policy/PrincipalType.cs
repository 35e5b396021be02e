namespace Sts.Policy;

/// <summary>The key of an entry in a <c>Principal</c> map.</summary>
public enum PrincipalType
{
    /// <summary><c>AWS</c>: an account id, account root, IAM user, role, role session or federated user ARN, or <c>*</c>.</summary>
    Aws,

    /// <summary><c>Federated</c>: an OIDC or SAML provider (ARN or well-known name such as <c>accounts.google.com</c>).</summary>
    Federated,

    /// <summary><c>Service</c>: an AWS service principal such as <c>ec2.amazonaws.com</c>.</summary>
    Service,

    /// <summary><c>CanonicalUser</c>: an S3 canonical user id.</summary>
    CanonicalUser,
}
