namespace Sts.Core;

/// <summary>
/// The Ceph compatibility profile: Ceph RGW behaviours that differ from AWS and that deployments migrating from
/// Ceph rely on (its s3-tests and Keycloak set-ups). Each flag turns on one documented deviation; <see cref="None"/>
/// (the default everywhere) decides exactly as AWS does. A host sets one value and passes it to every component
/// (<see cref="WebIdentity.WebIdentityOptions.CephCompatibility"/>, <see cref="Iam.IamServiceOptions.CephCompatibility"/>,
/// <see cref="SecurityToken.PolicyEvaluatorStsDecider"/>); each honours the flags that concern it.
/// </summary>
[Flags]
public enum CephCompatibility
{
    /// <summary>Decide exactly as AWS does.</summary>
    None = 0,

    /// <summary>
    /// Accept several values for one key in a web identity token's <c>https://aws.amazon.com/tags</c> claim
    /// (Keycloak's mappers send them) and keep every value in the session: <c>aws:RequestTag/K</c> and
    /// <c>aws:PrincipalTag/K</c> then hold all of them (<c>StringEquals</c> matches when any value matches,
    /// <c>ForAllValues</c>/<c>ForAnyValue</c> see them all). AWS refuses such tokens with <c>InvalidIdentityToken</c>.
    /// Used by the web identity validator.
    /// </summary>
    MultiValuedSessionTags = 1,

    /// <summary>
    /// An OIDC provider registered without client ids accepts a token for any audience. AWS refuses such tokens
    /// with <c>InvalidIdentityToken</c> ("Incorrect token audience"). Used by the web identity validator.
    /// </summary>
    AnyAudienceWithoutClientIds = 2,

    /// <summary>
    /// A <c>Principal</c> or <c>NotPrincipal</c> element inside an identity policy (user or role inline policy,
    /// managed policy) is accepted and ignored, as Ceph does (its s3-tests put <c>"Principal":"*"</c> in role
    /// policies). AWS refuses the document with <c>MalformedPolicyDocument</c> ("Policy document should not
    /// specify a principal."). Used by the IAM service (policy writes and evaluation) and by the STS directory.
    /// </summary>
    PrincipalInIdentityPolicyIgnored = 4,

    /// <summary>
    /// <c>arn:aws:iam::ACCOUNT:assumed-role/ROLE/SESSION</c> in a <c>Principal</c> element names a role session
    /// just as <c>arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION</c> does (Ceph's s3-tests write session principals
    /// in bucket policies that way). Under AWS rules that form names nothing. Used by
    /// <see cref="SecurityToken.PolicyEvaluatorStsDecider"/> (trust policies) and by hosts through
    /// <see cref="Sts.Policy.Evaluation.RequestPrincipal.With"/> (<c>acceptsIamSessionArn</c>) for resource policies.
    /// </summary>
    IamFormSessionArn = 8,

    /// <summary>Every deviation above.</summary>
    All = MultiValuedSessionTags | AnyAudienceWithoutClientIds | PrincipalInIdentityPolicyIgnored | IamFormSessionArn,
}
