namespace Sts.Core.Accounts;

/// <summary>What kind of authenticated principal calls an IAM operation.</summary>
public enum IamPrincipalKind
{
    /// <summary>The root principal of an account: may do anything in its own account.</summary>
    AccountRoot,

    /// <summary>An IAM user, authorized by its identity policies.</summary>
    User,

    /// <summary>A role session (temporary credentials), authorized by the role's identity policies.</summary>
    AssumedRole,
}
