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
    /// Several values for one tag key, in session tags and in role tags, as Ceph allows them:
    /// <list type="bullet">
    /// <item>A web identity token's <c>https://aws.amazon.com/tags</c> claim may give one key several values (Keycloak's
    /// mappers send them); every value is kept in the session. AWS refuses such tokens with <c>InvalidIdentityToken</c>.
    /// Used by the web identity validator.</item>
    /// <item>A role's tags may hold one key several times (Ceph's tag multimap, s3-tests row 33): CreateRole keeps each
    /// distinct value of a repeated key, TagRole adds a value beside the key's others instead of replacing them (a value
    /// the key already holds is not added twice; at most 50 key-value pairs in all), UntagRole removes every value of a
    /// key. AWS refuses a repeated key with <c>InvalidInput</c> ("Duplicate tag keys found") and TagRole replaces the
    /// value. Used by the IAM service; the stores keep every pair.</item>
    /// </list>
    /// Every value then reaches policies: <c>aws:RequestTag/K</c> (token tags, to the trust policy), <c>iam:ResourceTag/K</c>
    /// (role tags, to the trust policy) and <c>aws:PrincipalTag/K</c> (the session's tags over its role's tags, to every
    /// later STS, IAM and S3 decision). <c>StringEquals</c> matches when any value matches; <c>ForAllValues</c> and
    /// <c>ForAnyValue</c> see them all. A session tag with the same key as a multi-valued role tag replaces all its values.
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
