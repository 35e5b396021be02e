using System.Collections.Immutable;
using Sts.Core.Tokens;

namespace Sts.Core.SecurityToken;

/// <summary>The parameters of <c>AssumeRole</c>, as the caller sent them (not yet validated).</summary>
public sealed record AssumeRoleRequest
{
    /// <summary><c>RoleArn</c>: the role to assume (20 to 2048 characters).</summary>
    public required string RoleArn { get; init; }

    /// <summary><c>RoleSessionName</c>: 2 to 64 characters of <c>[\w+=,.@-]</c>.</summary>
    public required string RoleSessionName { get; init; }

    /// <summary><c>DurationSeconds</c>: 900 up to the role's maximum (3600 when chaining); null for the default 3600.</summary>
    public int? DurationSeconds { get; init; }

    /// <summary><c>Policy</c>: an inline session policy, at most 2048 characters; null for none.</summary>
    public string? Policy { get; init; }

    /// <summary><c>PolicyArns</c>: up to 10 managed policies used as session policies.</summary>
    public ImmutableArray<string> PolicyArns { get; init; } = [];

    /// <summary><c>Tags</c>: up to 50 session tags.</summary>
    public ImmutableArray<SessionTag> Tags { get; init; } = [];

    /// <summary><c>TransitiveTagKeys</c>: keys of <see cref="Tags"/> to carry into chained sessions.</summary>
    public ImmutableArray<string> TransitiveTagKeys { get; init; } = [];

    /// <summary><c>ExternalId</c>: 2 to 1224 characters of <c>[\w+=,.@:/-]</c>, exposed as <c>sts:ExternalId</c>.</summary>
    public string? ExternalId { get; init; }

    /// <summary><c>SerialNumber</c>: the caller's MFA device.</summary>
    public string? SerialNumber { get; init; }

    /// <summary><c>TokenCode</c>: the 6-digit code from the MFA device.</summary>
    public string? TokenCode { get; init; }

    /// <summary><c>SourceIdentity</c>: 2 to 64 characters of <c>[\w+=,.@-]</c> (so never the reserved <c>aws:</c> prefix).</summary>
    public string? SourceIdentity { get; init; }
}
