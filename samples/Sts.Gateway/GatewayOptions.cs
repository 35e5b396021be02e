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

    /// <summary>Where IAM state lives (<c>Gateway__Store__Kind</c>, <c>Gateway__Store__ConnectionString</c>).</summary>
    public StoreOptions Store { get; set; } = new();

    /// <summary>
    /// Where buckets and objects live, one folder per bucket; the nodes of a fleet share it. Default
    /// <c>&lt;DataDirectory&gt;/objects</c>.
    /// </summary>
    public string? ObjectDirectory { get; set; }

    /// <summary>The full path of the object directory: <see cref="ObjectDirectory"/>, or <c>objects</c> in the data directory.</summary>
    public string ObjectDirectoryPath => Path.GetFullPath(ObjectDirectory is { Length: > 0 } objects ? objects : Path.Combine(DataDirectory, "objects"));

    /// <summary>The shared session key ring (<c>Gateway__KeyRing__MasterKey</c>, <c>Gateway__KeyRing__RotationPeriod</c>).</summary>
    public KeyRingOptions KeyRing { get; set; } = new();

    /// <summary>True when IAM state and the key ring live in PostgreSQL (<c>Gateway__Store__Kind=Postgres</c>).</summary>
    public bool UsesPostgres => Store.Kind is { } kind && (kind.Equals("Postgres", StringComparison.OrdinalIgnoreCase) || kind.Equals("PostgreSql", StringComparison.OrdinalIgnoreCase));

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

        if (Store.Kind is { Length: > 0 } storeKind && !UsesPostgres && !storeKind.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            return $"Gateway__Store__Kind is '{storeKind}'; expected Sqlite or Postgres.";
        }

        if (UsesPostgres && string.IsNullOrWhiteSpace(Store.ConnectionString))
        {
            return "Gateway__Store__Kind=Postgres needs Gateway__Store__ConnectionString.";
        }

        if (KeyRing.MasterKey is { Length: > 0 } masterKey && KeyRing.MasterKeyBytes is null)
        {
            return $"Gateway__KeyRing__MasterKey must be 32 bytes in Base64 ({masterKey.Length} characters given).";
        }

        if (KeyRing.RotationPeriod is { } period && (!UsesPostgres || period < TimeSpan.FromMinutes(1)))
        {
            return "Gateway__KeyRing__RotationPeriod needs Gateway__Store__Kind=Postgres (the ring kept in the store) and at least one minute.";
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

    internal sealed class StoreOptions
    {
        /// <summary><c>Sqlite</c> (default: <c>iam.db</c> in the data directory) or <c>Postgres</c>; case-insensitive.</summary>
        public string? Kind { get; set; }

        /// <summary>The Npgsql connection string for <c>Postgres</c>; its user owns the database and needs no superuser right.</summary>
        public string? ConnectionString { get; set; }
    }

    internal sealed class KeyRingOptions
    {
        /// <summary>32 bytes in Base64: seals the key ring and the store's secrets. Default: derived from the root secret access key.</summary>
        public string? MasterKey { get; set; }

        /// <summary>Rotates the sealing key on this period (a TimeSpan); unset: no automatic rotation.</summary>
        public TimeSpan? RotationPeriod { get; set; }

        public byte[]? MasterKeyBytes
        {
            get
            {
                var bytes = new byte[32];
                return MasterKey is { } text && Convert.TryFromBase64String(text, bytes, out var written) && written == 32 ? bytes : null;
            }
        }
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
