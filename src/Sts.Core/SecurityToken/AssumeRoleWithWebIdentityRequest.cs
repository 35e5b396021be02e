using System.Collections.Immutable;

namespace Sts.Core.SecurityToken;

/// <summary>The parameters of <c>AssumeRoleWithWebIdentity</c>, as the (unauthenticated) caller sent them, not yet validated.</summary>
public sealed record AssumeRoleWithWebIdentityRequest
{
    /// <summary><c>RoleArn</c>: the role to assume (20 to 2048 characters).</summary>
    public required string RoleArn { get; init; }

    /// <summary><c>RoleSessionName</c>: 2 to 64 characters of <c>[\w+=,.@-]</c>.</summary>
    public required string RoleSessionName { get; init; }

    /// <summary><c>WebIdentityToken</c>: the OIDC ID or access token (4 to 20000 characters). Never logged or quoted.</summary>
    public required string WebIdentityToken { get; init; }

    /// <summary><c>ProviderId</c>: 4 to 2048 characters; only meaningful for OAuth 2.0 providers, ignored for OIDC.</summary>
    public string? ProviderId { get; init; }

    /// <summary><c>DurationSeconds</c>: 900 up to the role's maximum; null for the default 3600.</summary>
    public int? DurationSeconds { get; init; }

    /// <summary><c>Policy</c>: an inline session policy, at most 2048 characters; null for none.</summary>
    public string? Policy { get; init; }

    /// <summary><c>PolicyArns</c>: up to 10 managed policies used as session policies.</summary>
    public ImmutableArray<string> PolicyArns { get; init; } = [];

    /// <summary>Describes the request without the token.</summary>
    /// <returns>The role ARN and session name.</returns>
    public override string ToString() => $"AssumeRoleWithWebIdentity {RoleArn} as {RoleSessionName}";
}
