namespace Sts.Core.WebIdentity;

/// <summary>
/// Ceph RGW behaviours that differ from AWS and that deployments migrating from Ceph may rely on.
/// Each flag turns on one documented deviation; <see cref="None"/> (the default) decides as AWS does.
/// </summary>
[Flags]
public enum WebIdentityCephCompatibility
{
    /// <summary>Decide exactly as AWS does.</summary>
    None = 0,

    /// <summary>
    /// Accept several values for one key in the token's <c>https://aws.amazon.com/tags</c> claim
    /// (Keycloak's mappers send them), keeping every value. AWS refuses them with
    /// <c>InvalidIdentityToken</c>.
    /// </summary>
    MultiValuedSessionTags = 1,

    /// <summary>
    /// An OIDC provider registered without client ids accepts a token for any audience. AWS refuses
    /// such tokens with <c>InvalidIdentityToken</c> ("Incorrect token audience").
    /// </summary>
    AnyAudienceWithoutClientIds = 2,

    /// <summary>Every web-identity deviation above.</summary>
    All = MultiValuedSessionTags | AnyAudienceWithoutClientIds,
}
