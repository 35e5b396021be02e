namespace Sts.Core.Tokens;

/// <summary>A freshly sealed session token and how much of the packed-policy budget its session uses.</summary>
/// <param name="Token">The session token (Base64url, no padding), the <c>SessionToken</c> the caller presents.</param>
/// <param name="PackedPolicySize">The <c>PackedPolicySize</c> percentage (<see cref="PackedPolicyBudget"/>), at most 100.</param>
public sealed record SealedSessionToken(string Token, int PackedPolicySize)
{
    /// <summary>Describes the token without revealing it.</summary>
    /// <returns>The token's length and packed size.</returns>
    public override string ToString() => $"session token ({Token.Length} characters, packed {PackedPolicySize}%)";
}
