namespace Sts.Core.SecurityToken;

/// <summary>Finds the role an <c>AssumeRole*</c> call names.</summary>
public interface IRoleResolver
{
    /// <summary>Finds a role by ARN.</summary>
    /// <param name="roleArn">The role ARN from the request, syntactically valid.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The role, or null when no role has this ARN.</returns>
    ValueTask<StsRole?> FindRoleAsync(string roleArn, CancellationToken cancellationToken = default);
}
