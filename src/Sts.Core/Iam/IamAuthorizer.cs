using Sts.Core.Accounts;

namespace Sts.Core.Iam;

/// <summary>
/// The one seam that authorizes every IAM call. The root of an account may do anything in its own
/// account. Every other principal (IAM users, role sessions, other accounts' roots) is denied until the
/// identity-policy evaluator (Sts.Policy.Evaluation) is wired in here: fail closed.
/// </summary>
internal sealed class IamAuthorizer
{
    public ValueTask<StsError?> AuthorizeAsync(IamPrincipal caller, string action, string resourceArn, AccountId resourceAccount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        cancellationToken.ThrowIfCancellationRequested();
        if (caller.Kind == IamPrincipalKind.AccountRoot && caller.Account == resourceAccount)
        {
            return ValueTask.FromResult<StsError?>(null);
        }

        return ValueTask.FromResult<StsError?>(IamErrors.AccessDenied(caller.Arn, action, resourceArn));
    }
}
