namespace Sts.Policy.Evaluation;

/// <summary>How a resource or trust policy statement named the request's principal; decides what else must allow (AWS evaluation logic, "resource-based policies" table).</summary>
public enum PrincipalMatch
{
    /// <summary>The statement does not name the principal.</summary>
    None,

    /// <summary>The account was named (<c>"AWS": "123456789012"</c> or <c>arn:aws:iam::123456789012:root</c>): the account delegates to its identity policies.</summary>
    Account,

    /// <summary>The role of a role session was named (<c>arn:aws:iam::A:role/R</c>): still limited by the permissions boundary and session policies.</summary>
    Role,

    /// <summary>The principal was named directly (user, role session or federated user ARN, a federated provider or a service), or by <c>"*"</c>/<c>NotPrincipal</c>.</summary>
    Direct,
}
