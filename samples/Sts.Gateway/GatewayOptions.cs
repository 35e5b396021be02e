namespace Sts.Gateway;

/// <summary>The <c>Gateway</c> configuration section (environment: <c>Gateway__DataDirectory</c> and so on).</summary>
internal sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>Where the SQLite store and the objects live. Default <c>./sts-data</c>.</summary>
    public string DataDirectory { get; set; } = "./sts-data";

    /// <summary>The root of the default account (Ceph's default tenant: empty account field in ARNs).</summary>
    public RootOptions Root { get; set; } = new();

    /// <summary>OpenID Connect provider settings.</summary>
    public OidcOptions Oidc { get; set; } = new();

    /// <summary><c>Ceph</c> turns on the Ceph compatibility profile; anything else (default) is AWS-exact.</summary>
    public string? Compatibility { get; set; }

    /// <summary>Further accounts (<c>Gateway__Accounts__N__Id</c> and so on).</summary>
    public List<AccountOptions> Accounts { get; set; } = [];

    /// <summary>The region answered to anonymous requests and GetBucketLocation. Any region is accepted in
    /// credential scopes.</summary>
    public string Region { get; set; } = string.Empty;

    /// <summary>Null when the settings are usable, else what is wrong (checked once at start).</summary>
    public string? Validate()
    {
        if (Compatibility is { Length: > 0 } profile && !IsCephCompatible && !profile.Equals("AWS", StringComparison.OrdinalIgnoreCase))
        {
            return $"Gateway__Compatibility is '{profile}'; expected Ceph or AWS.";
        }

        if (string.IsNullOrEmpty(Root.AccessKeyId) != string.IsNullOrEmpty(Root.SecretAccessKey))
        {
            return "set both Gateway__Root__AccessKeyId and Gateway__Root__SecretAccessKey, or neither.";
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Accounts.Count; i++)
        {
            var account = Accounts[i];
            if (account.Id is not { Length: 12 } id || !id.All(char.IsAsciiDigit))
            {
                return $"Gateway__Accounts__{i}__Id must be 12 digits, not '{account.Id}'.";
            }

            if (!ids.Add(id))
            {
                return $"Gateway__Accounts__{i}__Id repeats the account {id}.";
            }

            if (string.IsNullOrEmpty(account.RootAccessKeyId) || string.IsNullOrEmpty(account.RootSecretAccessKey))
            {
                return $"Gateway__Accounts__{i} needs RootAccessKeyId and RootSecretAccessKey.";
            }
        }

        return null;
    }

    public bool IsCephCompatible => string.Equals(Compatibility, "Ceph", StringComparison.OrdinalIgnoreCase);

    internal sealed class RootOptions
    {
        public string? AccessKeyId { get; set; }

        public string? SecretAccessKey { get; set; }
    }

    internal sealed class OidcOptions
    {
        /// <summary>Accept <c>http://</c> issuers for identity providers on loopback.</summary>
        public bool AllowHttp { get; set; }
    }

    internal sealed class AccountOptions
    {
        /// <summary>12 digits.</summary>
        public string? Id { get; set; }

        public string? RootAccessKeyId { get; set; }

        public string? RootSecretAccessKey { get; set; }
    }
}
