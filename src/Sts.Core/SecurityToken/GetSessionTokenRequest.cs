namespace Sts.Core.SecurityToken;

/// <summary>The parameters of <c>GetSessionToken</c>.</summary>
public sealed record GetSessionTokenRequest
{
    /// <summary><c>DurationSeconds</c>: 900 to 129600 (the account root gets at most 3600); null for the default (43200, root 3600).</summary>
    public int? DurationSeconds { get; init; }

    /// <summary><c>SerialNumber</c>: the caller's MFA device.</summary>
    public string? SerialNumber { get; init; }

    /// <summary><c>TokenCode</c>: the 6-digit code from the MFA device.</summary>
    public string? TokenCode { get; init; }
}
