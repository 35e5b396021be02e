using System.Collections.Immutable;

namespace Sts.Core.Tokens;

/// <summary>
/// Everything a temporary session is: who it stands for, what narrows it, and when it ends. Immutable.
/// The whole state travels inside the sealed session token, so any node holding the key ring rebuilds it
/// from the token alone (<see cref="SessionTokenSealer"/>). Times are whole seconds (sub-second parts
/// are dropped when set), as AWS reports them.
/// </summary>
public sealed class SessionState
{
    /// <summary>The most session tags a session carries (AWS quota); with multi-valued tags (Ceph profile), the most tag values.</summary>
    public const int MaxTags = 50;

    /// <summary>The longest tag key in characters.</summary>
    public const int MaxTagKeyLength = 128;

    /// <summary>The longest tag value in characters.</summary>
    public const int MaxTagValueLength = 256;

    /// <summary>The most managed session policy ARNs (<c>PolicyArns</c>) a session carries.</summary>
    public const int MaxPolicyArns = 10;

    private readonly DateTimeOffset _issuedAt;
    private readonly DateTimeOffset _expiration;
    private readonly DateTimeOffset? _multiFactorAuthenticatedAt;
    private readonly ImmutableArray<string> _policyArns = [];
    private readonly ImmutableArray<SessionTag> _tags = [];
    private readonly ImmutableArray<string> _transitiveTagKeys = [];
    private readonly ImmutableArray<string> _webIdentityAuthenticationMethods = [];

    /// <summary>The temporary access key id: <c>ASIA</c> followed by 16 characters of <c>A-Z2-7</c>.</summary>
    public required string AccessKeyId { get; init; }

    /// <summary>The temporary secret access key: 40 characters of standard Base64 (30 random bytes).</summary>
    public required string SecretAccessKey { get; init; }

    /// <summary>What kind of principal the session stands for.</summary>
    public required SessionPrincipalKind Kind { get; init; }

    /// <summary>The 12-digit account the session belongs to; empty for the default (account-less) tenant.</summary>
    public required string Account { get; init; }

    /// <summary>For role sessions, the role's ARN with its path (<c>arn:aws:iam::ACCOUNT:role/PATH/NAME</c>); otherwise null.</summary>
    public string? RoleArn { get; init; }

    /// <summary>For role sessions, the role's unique id (<c>AROA...</c>); otherwise null.</summary>
    public string? RoleId { get; init; }

    /// <summary>For role sessions, the role session name (2 to 64 characters of <c>[\w+=,.@-]</c>); otherwise null.</summary>
    public string? RoleSessionName { get; init; }

    /// <summary>For <see cref="SessionPrincipalKind.UserSession"/>, the caller's ARN (an IAM user, or the account root); otherwise null.</summary>
    public string? CallerArn { get; init; }

    /// <summary>For <see cref="SessionPrincipalKind.UserSession"/>, the caller's unique id (<c>AIDA...</c>, or the account id for the root); otherwise null.</summary>
    public string? CallerUserId { get; init; }

    /// <summary>The inline session policy exactly as passed (<c>Policy</c>), or null when none.</summary>
    public string? SessionPolicy { get; init; }

    /// <summary>The managed session policies (<c>PolicyArns</c>), at most <see cref="MaxPolicyArns"/>.</summary>
    public ImmutableArray<string> PolicyArns
    {
        get => _policyArns;
        init => _policyArns = value.IsDefault ? [] : value;
    }

    /// <summary>
    /// The session tags (passed and inherited transitive ones), at most <see cref="MaxTags"/> values in all, keys unique
    /// ignoring case. A tag has several values only under the Ceph profile (<see cref="SessionTag.AdditionalValues"/>).
    /// </summary>
    public ImmutableArray<SessionTag> Tags
    {
        get => _tags;
        init => _tags = value.IsDefault ? [] : value;
    }

    /// <summary>The keys of <see cref="Tags"/> that are copied into every session chained from this one.</summary>
    public ImmutableArray<string> TransitiveTagKeys
    {
        get => _transitiveTagKeys;
        init => _transitiveTagKeys = value.IsDefault ? [] : value;
    }

    /// <summary>The source identity (<c>aws:SourceIdentity</c>), fixed for the whole chain once set; null when none.</summary>
    public string? SourceIdentity { get; init; }

    /// <summary>When the caller last authenticated with MFA, or null when the session was created without MFA.</summary>
    public DateTimeOffset? MultiFactorAuthenticatedAt
    {
        get => _multiFactorAuthenticatedAt;
        init => _multiFactorAuthenticatedAt = value is { } v ? TruncateToSeconds(v) : null;
    }

    /// <summary>True when the session was created with MFA (<c>aws:MultiFactorAuthPresent</c>).</summary>
    public bool IsMultiFactorAuthenticated => _multiFactorAuthenticatedAt is not null;

    /// <summary>How many role sessions precede this one in a chain: 0 when created from long-term credentials.</summary>
    public int ChainDepth { get; init; }

    /// <summary>For web identity sessions, the provider (<c>aws:FederatedProvider</c>: the issuer host and path); otherwise null.</summary>
    public string? WebIdentityProvider { get; init; }

    /// <summary>For web identity sessions, the token's subject (<c>PROVIDER:sub</c>); otherwise null.</summary>
    public string? WebIdentitySubject { get; init; }

    /// <summary>For web identity sessions, the token's audience (<c>PROVIDER:aud</c>); otherwise null.</summary>
    public string? WebIdentityAudience { get; init; }

    /// <summary>For web identity sessions, the token's authentication methods (<c>PROVIDER:amr</c>); empty when none.</summary>
    public ImmutableArray<string> WebIdentityAuthenticationMethods
    {
        get => _webIdentityAuthenticationMethods;
        init => _webIdentityAuthenticationMethods = value.IsDefault ? [] : value;
    }

    /// <summary>When the session was issued (<c>aws:TokenIssueTime</c>), whole seconds.</summary>
    public required DateTimeOffset IssuedAt
    {
        get => _issuedAt;
        init => _issuedAt = TruncateToSeconds(value);
    }

    /// <summary>When the session's credentials stop working, whole seconds.</summary>
    public required DateTimeOffset Expiration
    {
        get => _expiration;
        init => _expiration = TruncateToSeconds(value);
    }

    /// <summary>True for role sessions (<see cref="SessionPrincipalKind.AssumedRole"/> and <see cref="SessionPrincipalKind.WebIdentity"/>).</summary>
    public bool IsRoleSession => Kind is SessionPrincipalKind.AssumedRole or SessionPrincipalKind.WebIdentity;

    /// <summary>The ARN partition (<c>aws</c> unless the role or caller ARN says otherwise).</summary>
    public string Partition => PartitionOf(IsRoleSession ? RoleArn : CallerArn);

    /// <summary>For role sessions, the role's name (the last segment of its ARN, path dropped); otherwise null.</summary>
    public string? RoleName => RoleArn is null ? null : RoleArn[(RoleArn.LastIndexOf('/') + 1)..];

    /// <summary>
    /// The principal's ARN: for role sessions <c>arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION</c> (role path dropped;
    /// <c>arn:aws:sts:::assumed-role/ROLE/SESSION</c> for the default account); for user sessions the caller's ARN.
    /// </summary>
    public string PrincipalArn => IsRoleSession
        ? $"arn:{PartitionSpan(RoleArn)}:sts::{Account}:assumed-role/{RoleArn.AsSpan(RoleArn!.LastIndexOf('/') + 1)}/{RoleSessionName}"
        : CallerArn ?? string.Empty;

    /// <summary>The principal's id (<c>aws:userid</c>): <c>ROLEID:SESSION</c> for role sessions, the caller's id for user sessions.</summary>
    public string PrincipalId => IsRoleSession ? $"{RoleId}:{RoleSessionName}" : CallerUserId ?? string.Empty;

    /// <summary>Finds a session tag by key, ignoring case.</summary>
    /// <param name="key">The tag key.</param>
    /// <param name="value">The tag's (first) value when found.</param>
    /// <returns>True when the session carries the tag.</returns>
    public bool TryGetTag(string key, out string value)
    {
        foreach (var tag in _tags)
        {
            if (string.Equals(tag.Key, key, StringComparison.OrdinalIgnoreCase))
            {
                value = tag.Value;
                return true;
            }
        }

        value = string.Empty;
        return false;
    }

    /// <summary>True when <paramref name="key"/> names a transitive tag, ignoring case.</summary>
    /// <param name="key">The tag key.</param>
    /// <returns>True when the key is transitive.</returns>
    public bool IsTransitiveTagKey(string key)
    {
        foreach (var transitive in _transitiveTagKeys)
        {
            if (string.Equals(transitive, key, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Describes the session without any secret: principal and expiry.</summary>
    /// <returns>The principal ARN, access key id and expiry.</returns>
    public override string ToString() => $"{PrincipalArn} ({AccessKeyId}, expires {Expiration:yyyy-MM-ddTHH:mm:ssZ})";

    /// <summary>Checks the invariants a sealed token relies on; returns the first violation or null.</summary>
    /// <param name="checkCredentials">False when the keys were just formatted from token bytes and cannot be malformed.</param>
    internal string? FindInvariantViolation(bool checkCredentials = true)
    {
        if (checkCredentials && !TemporaryCredentialFactory.IsTemporaryAccessKeyId(AccessKeyId))
        {
            return "the access key id is not ASIA followed by 16 characters of A-Z2-7";
        }

        if (checkCredentials && !TemporaryCredentialFactory.IsSecretAccessKey(SecretAccessKey))
        {
            return "the secret access key is not 40 characters of Base64";
        }

        if (!Enum.IsDefined(Kind))
        {
            return "the principal kind is unknown";
        }

        if (IsRoleSession)
        {
            if (string.IsNullOrEmpty(RoleArn) || string.IsNullOrEmpty(RoleId) || string.IsNullOrEmpty(RoleSessionName))
            {
                return "a role session needs a role ARN, role id and session name";
            }
        }
        else if (string.IsNullOrEmpty(CallerArn) || string.IsNullOrEmpty(CallerUserId))
        {
            return "a user session needs the caller's ARN and id";
        }

        if (Expiration <= IssuedAt)
        {
            return "the session expires before it is issued";
        }

        if (IssuedAt.ToUnixTimeSeconds() < 0)
        {
            return "the session is issued before 1970";
        }

        if (MultiFactorAuthenticatedAt is { } mfa && (mfa > IssuedAt || mfa.ToUnixTimeSeconds() < 0))
        {
            return "MFA authentication is later than the session's issue time";
        }

        if (ChainDepth < 0)
        {
            return "the chain depth is negative";
        }

        if (PolicyArns.Length > MaxPolicyArns)
        {
            return $"more than {MaxPolicyArns} session policy ARNs";
        }

        return FindTagViolation();
    }

    private string? FindTagViolation()
    {
        if (_tags.Length > MaxTags)
        {
            return $"more than {MaxTags} session tags";
        }

        var values = 0;
        for (var i = 0; i < _tags.Length; i++)
        {
            var tag = _tags[i];
            if (tag is null || string.IsNullOrEmpty(tag.Key) || tag.Key.Length > MaxTagKeyLength || tag.Value is null || tag.Value.Length > MaxTagValueLength)
            {
                return "a session tag key or value is empty or too long";
            }

            foreach (var extra in tag.AdditionalValues)
            {
                if (extra is null || extra.Length > MaxTagValueLength)
                {
                    return "a session tag value is missing or too long";
                }
            }

            values += 1 + tag.AdditionalValues.Length;
            if (values > MaxTags)
            {
                return $"more than {MaxTags} session tag values";
            }

            for (var j = 0; j < i; j++)
            {
                if (string.Equals(_tags[j].Key, tag.Key, StringComparison.OrdinalIgnoreCase))
                {
                    return "two session tags have the same key";
                }
            }
        }

        if (_transitiveTagKeys.Length > MaxTags)
        {
            return $"more than {MaxTags} transitive tag keys";
        }

        foreach (var key in _transitiveTagKeys)
        {
            if (key is null || !TryGetTag(key, out _))
            {
                return "a transitive tag key names no session tag";
            }
        }

        return null;
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    private static string PartitionOf(string? arn)
    {
        var partition = PartitionSpan(arn);
        return partition.SequenceEqual("aws") ? "aws" : partition.ToString();
    }

    private static ReadOnlySpan<char> PartitionSpan(string? arn)
    {
        if (arn is null || !arn.StartsWith("arn:", StringComparison.Ordinal))
        {
            return "aws";
        }

        var end = arn.IndexOf(':', 4);
        return end > 4 ? arn.AsSpan(4, end - 4) : "aws";
    }
}
