namespace Sts.Core.Tokens;

/// <summary>
/// The budget behind <c>PackedPolicySize</c>. AWS does not publish its packing, so Sts defines one: the
/// session policies (inline <c>Policy</c> text and <c>PolicyArns</c>) and the session tags are packed as
/// they are stored in the session token (length-prefixed UTF-8, Brotli-compressed when that is shorter),
/// and the packed length is measured against <see cref="BudgetBytes"/>. Transitive tag keys are not
/// counted, as on AWS. <c>PackedPolicySize</c> is <c>ceil(100 × packed / budget)</c>; above 100 the call
/// fails with <c>PackedPolicyTooLarge</c>. A 2,048-character JSON policy typically packs to 500–900 bytes,
/// so it fits together with a few dozen short tags, while 50 long random tags do not.
/// </summary>
public static class PackedPolicyBudget
{
    /// <summary>The packed bytes that make 100 %.</summary>
    public const int BudgetBytes = 2048;

    /// <summary>The percentage of the budget that <paramref name="packedBytes"/> uses, rounded up.</summary>
    /// <param name="packedBytes">The packed length of the session policies and tags.</param>
    /// <returns>The percentage, 0 when nothing is packed; above 100 means over budget.</returns>
    public static int PercentageOf(int packedBytes) =>
        packedBytes <= 0 ? 0 : (int)(((100L * packedBytes) + BudgetBytes - 1) / BudgetBytes);

    /// <summary>The error for a session whose packed policies and tags use <paramref name="percentage"/> of the budget.</summary>
    /// <param name="percentage">The percentage used, above 100.</param>
    /// <returns><c>PackedPolicyTooLarge</c> (HTTP 400).</returns>
    public static StsError TooLarge(int percentage) => new(
        "PackedPolicyTooLarge",
        $"Serialized token too large for session: the session policies and tags consume {percentage}% of the allotted space.",
        400);
}
