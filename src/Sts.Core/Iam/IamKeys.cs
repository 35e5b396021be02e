using Sts.Core.Accounts;

namespace Sts.Core.Iam;

/// <summary>
/// The store key scheme. Names are lower-cased (their patterns are ASCII), which makes them unique per
/// account case-insensitively and lists them in case-insensitive order.
/// </summary>
internal static class IamKeys
{
    public static string Account(AccountId account) => $"iam/{account.Value}/";

    public static string UserPrefix(AccountId account) => $"iam/{account.Value}/user/";

    public static string User(AccountId account, string name) => UserPrefix(account) + name.ToLowerInvariant();

    public static string RolePrefix(AccountId account) => $"iam/{account.Value}/role/";

    public static string Role(AccountId account, string name) => RolePrefix(account) + name.ToLowerInvariant();

    public static string PolicyPrefix(AccountId account) => $"iam/{account.Value}/policy/";

    public static string Policy(AccountId account, string name) => PolicyPrefix(account) + name.ToLowerInvariant();

    public static string OidcPrefix(AccountId account) => $"iam/{account.Value}/oidc/";

    public static string Oidc(AccountId account, string hostAndPath) => OidcPrefix(account) + hostAndPath;

    public static string MfaPrefix(AccountId account) => $"iam/{account.Value}/mfa/";

    public static string Mfa(AccountId account, string name) => MfaPrefix(account) + name.ToLowerInvariant();

    public static string Root(AccountId account) => $"iam/{account.Value}/root";

    public static string AccessKey(string accessKeyId) => $"key/{accessKeyId}";
}
