namespace Sts.Policy.Evaluation;

/// <summary>What kind of principal makes a request.</summary>
public enum RequestPrincipalKind
{
    /// <summary>An unsigned request.</summary>
    Anonymous,

    /// <summary>The account root user, <c>arn:aws:iam::ACCOUNT:root</c>.</summary>
    AccountRoot,

    /// <summary>An IAM user, <c>arn:aws:iam::ACCOUNT:user/PATH/NAME</c>.</summary>
    User,

    /// <summary>A role session, <c>arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION</c>.</summary>
    RoleSession,

    /// <summary>A federated user session, <c>arn:aws:sts::ACCOUNT:federated-user/NAME</c>.</summary>
    FederatedUser,

    /// <summary>A web identity or SAML provider presenting a token (the caller of <c>AssumeRoleWithWebIdentity</c>).</summary>
    WebIdentity,

    /// <summary>An AWS service principal such as <c>ec2.amazonaws.com</c>.</summary>
    Service,
}
