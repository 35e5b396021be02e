namespace Sts.Core.Iam;

/// <summary>A newly created access key with its secret: the only time the secret is returned.</summary>
/// <param name="UserName">The owning user's name, or null for an account root key.</param>
/// <param name="AccessKeyId">The key id, <c>AKIA</c> followed by 16 characters of <c>[A-Z2-7]</c>.</param>
/// <param name="Status">Always <see cref="AccessKeyStatus.Active"/> at creation.</param>
/// <param name="SecretAccessKey">The 40-character secret. Never logged: <see cref="ToString"/> hides it.</param>
/// <param name="CreateDate">When the key was created.</param>
public sealed record NewAccessKey(string? UserName, string AccessKeyId, AccessKeyStatus Status, string SecretAccessKey, DateTimeOffset CreateDate)
{
    /// <inheritdoc />
    public override string ToString() => $"NewAccessKey {{ UserName = {UserName}, AccessKeyId = {AccessKeyId}, Status = {Status}, CreateDate = {CreateDate:O} }}";
}
