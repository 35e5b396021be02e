namespace Sts.Core.SecurityToken;

/// <summary>Answers <c>GetAccessKeyInfo</c> for long-term access keys.</summary>
public interface IAccessKeyAccountResolver
{
    /// <summary>Finds the account that owns a long-term access key.</summary>
    /// <param name="accessKeyId">The access key id.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The account id, or null when the key is unknown.</returns>
    ValueTask<string?> FindAccountAsync(string accessKeyId, CancellationToken cancellationToken = default);
}
