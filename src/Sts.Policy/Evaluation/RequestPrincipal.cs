using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Sts.Policy.Evaluation;

/// <summary>
/// Who makes a request: matched against <c>Principal</c>/<c>NotPrincipal</c> of resource and trust
/// policies, and whose account decides same- versus cross-account evaluation. Immutable.
/// </summary>
public sealed class RequestPrincipal
{
    private RequestPrincipal(RequestPrincipalKind kind, string? arn, string? accountId, string? name, string? roleName)
    {
        Kind = kind;
        Arn = arn;
        AccountId = accountId;
        Name = name;
        RoleName = roleName;
        Tags = FrozenDictionary<string, string>.Empty;
    }

    /// <summary>An unsigned request.</summary>
    public static RequestPrincipal Anonymous { get; } = new(RequestPrincipalKind.Anonymous, null, null, null, null);

    /// <summary>The kind of principal.</summary>
    public RequestPrincipalKind Kind { get; }

    /// <summary>The principal's ARN (the session ARN for a role session; the provider for a web identity; the service name for a service); null when anonymous.</summary>
    public string? Arn { get; }

    /// <summary>
    /// The account the principal belongs to: 12 digits for AWS-style accounts, a Ceph tenant name, or the empty
    /// string for Ceph's default tenant (<c>arn:aws:iam:::user/TESTER1</c>); null for anonymous, service and web
    /// identity principals.
    /// </summary>
    public string? AccountId { get; }

    /// <summary>The user name, session name or federated user name; null when not applicable.</summary>
    public string? Name { get; }

    /// <summary>For a role session, the role's name (without path).</summary>
    public string? RoleName { get; }

    /// <summary>The role's full ARN with path, when known (role sessions only).</summary>
    public string? RoleArn { get; private init; }

    /// <summary>The unique id (<c>AIDA...</c> for users, <c>AROA...:session</c> for role sessions), when known.</summary>
    public string? UserId { get; private init; }

    /// <summary>The principal's tags (user or role tags plus session tags); keys compared case-insensitively.</summary>
    public FrozenDictionary<string, string> Tags { get; private init; }

    /// <summary>
    /// For a role session: whether a <c>Principal</c> element may also name it in Ceph's form,
    /// <c>arn:aws:iam::A:assumed-role/R/S</c> (service <c>iam</c> instead of <c>sts</c>). Default false: under
    /// AWS rules that form names nothing. Hosts running the Ceph compatibility profile set it with <see cref="With"/>.
    /// </summary>
    public bool AcceptsIamSessionArn { get; private init; }

    /// <summary>
    /// Reads a caller ARN: an IAM user (<c>arn:aws:iam::A:user/PATH/N</c>), a role session
    /// (<c>arn:aws:sts::A:assumed-role/R/S</c>), a federated user (<c>arn:aws:sts::A:federated-user/N</c>)
    /// or an account root (<c>arn:aws:iam::A:root</c>).
    /// </summary>
    /// <param name="arn">The ARN.</param>
    /// <param name="principal">The principal, when the ARN has one of those forms.</param>
    /// <param name="error">A one-line message quoting the ARN when it has none of them.</param>
    /// <returns>True when the ARN was read.</returns>
    public static bool TryFromArn(string? arn, [NotNullWhen(true)] out RequestPrincipal? principal, [NotNullWhen(false)] out string? error)
    {
        principal = Read(arn);
        error = principal is null ? $"'{ContextValue.Truncate(arn ?? string.Empty)}' is not an IAM user, role session, federated user or account root ARN." : null;
        return principal is not null;
    }

    private static RequestPrincipal? Read(string? arn)
    {
        RequestPrincipal? principal = null;
        if (string.IsNullOrEmpty(arn) || !ArnParts.TrySplit(arn, out var parts) || arn[parts.Partition].Length == 0)
        {
            return null;
        }

        var account = arn[parts.Account];
        if (!IsAccountField(account) || arn[parts.Region].Length != 0)
        {
            return null;
        }

        var service = arn[parts.Service];
        var resource = arn[parts.Resource];
        if (service == "iam")
        {
            if (resource == "root")
            {
                principal = new RequestPrincipal(RequestPrincipalKind.AccountRoot, arn, account, null, null);
            }
            else if (resource.StartsWith("user/", StringComparison.Ordinal) && resource.Length > 5 && !resource.EndsWith('/'))
            {
                principal = new RequestPrincipal(RequestPrincipalKind.User, arn, account, resource[(resource.LastIndexOf('/') + 1)..], null);
            }
        }
        else if (service == "sts")
        {
            var pieces = resource.Split('/');
            if (pieces.Length == 3 && pieces[0] == "assumed-role" && pieces[1].Length > 0 && pieces[2].Length > 0)
            {
                principal = new RequestPrincipal(RequestPrincipalKind.RoleSession, arn, account, pieces[2], pieces[1]);
            }
            else if (pieces.Length == 2 && pieces[0] == "federated-user" && pieces[1].Length > 0)
            {
                principal = new RequestPrincipal(RequestPrincipalKind.FederatedUser, arn, account, pieces[1], null);
            }
        }

        return principal;
    }

    /// <summary>
    /// True for the account fields Sts accepts: 12 digits (AWS), a Ceph tenant name (letters, digits, <c>_</c> and
    /// <c>-</c>, at most 64 characters, not all digits, so that it cannot be mistaken for a mistyped account id),
    /// or empty (Ceph's default tenant).
    /// </summary>
    private static bool IsAccountField(string account)
    {
        if (account.Length > 64 || account.AsSpan().IndexOfAnyExcept(AccountFieldCharacters) >= 0)
        {
            return false;
        }

        return account.AsSpan().IndexOfAnyExceptInRange('0', '9') >= 0 || account.Length is 0 or 12;
    }

    private static readonly System.Buffers.SearchValues<char> AccountFieldCharacters =
        System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-");

    /// <summary>Returns a copy with the details AWS knows about the principal but its ARN does not carry.</summary>
    /// <param name="userId">The unique id (<c>AIDA...</c>, <c>AROA...:session</c>); null keeps the current one.</param>
    /// <param name="roleArn">For a role session, the role's full ARN with path; null keeps the current one.</param>
    /// <param name="tags">The principal's tags (keys case-insensitive); null keeps the current ones.</param>
    /// <param name="acceptsIamSessionArn">Sets <see cref="AcceptsIamSessionArn"/> (Ceph's session ARN form); null keeps the current value.</param>
    /// <returns>The copy.</returns>
    public RequestPrincipal With(string? userId = null, string? roleArn = null, IEnumerable<KeyValuePair<string, string>>? tags = null, bool? acceptsIamSessionArn = null) =>
        new(Kind, Arn, AccountId, Name, RoleName)
        {
            UserId = userId ?? UserId,
            RoleArn = roleArn ?? RoleArn,
            Tags = tags is null ? Tags : tags.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase),
            AcceptsIamSessionArn = acceptsIamSessionArn ?? AcceptsIamSessionArn,
        };

    /// <summary>A web identity (OIDC/SAML) provider presenting a token, matched against <c>Principal: {"Federated": ...}</c>.</summary>
    /// <param name="provider">The provider as trust policies name it: an <c>oidc-provider</c>/<c>saml-provider</c> ARN or a well-known name such as <c>accounts.google.com</c>.</param>
    /// <returns>The principal.</returns>
    public static RequestPrincipal WebIdentity(string provider)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        return new RequestPrincipal(RequestPrincipalKind.WebIdentity, provider, null, null, null);
    }

    /// <summary>An AWS service principal, matched against <c>Principal: {"Service": ...}</c>.</summary>
    /// <param name="serviceName">The service principal name, e.g. <c>ec2.amazonaws.com</c>.</param>
    /// <returns>The principal.</returns>
    public static RequestPrincipal Service(string serviceName)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceName);
        return new RequestPrincipal(RequestPrincipalKind.Service, serviceName, null, null, null);
    }

    /// <inheritdoc />
    public override string ToString() => Arn ?? "anonymous";
}
