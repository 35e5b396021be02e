namespace Sts.Core.SecurityToken;

/// <content>Managed session policies (<c>PolicyArns</c>) checked when a session is issued.</content>
public sealed partial class StsService
{
    /// <summary>
    /// Where the <c>PolicyArns</c> of AssumeRole and AssumeRoleWithWebIdentity are checked to exist when the session is issued (<see cref="IamStsDirectory"/>
    /// does so over IAM). By default the role resolver given to the constructor when it is also an
    /// <see cref="IManagedSessionPolicySource"/> (as <see cref="IamStsDirectory"/> is), otherwise null. When null they are
    /// not checked at issue time; the policy source of later requests still refuses a session whose managed policies it
    /// cannot find.
    /// </summary>
    public IManagedSessionPolicySource? ManagedSessionPolicies { get; init; }

    private async ValueTask<StsError?> CheckPolicyArnsAsync(StsRole role, System.Collections.Immutable.ImmutableArray<string> policyArns, CancellationToken cancellationToken) =>
        policyArns.IsEmpty || ManagedSessionPolicies is null
            ? null
            : await ManagedSessionPolicies.CheckPolicyArnsAsync(role.Account, policyArns, cancellationToken).ConfigureAwait(false);
}
