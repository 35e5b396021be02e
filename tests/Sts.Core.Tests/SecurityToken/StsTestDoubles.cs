using System.Collections.Concurrent;
using Sts.Core.SecurityToken;

namespace Sts.Core.Tests.SecurityToken;

/// <summary>An in-memory role directory (a test double for the IAM store).</summary>
internal sealed class InMemoryRoles : IRoleResolver
{
    private readonly ConcurrentDictionary<string, StsRole> _roles = new(StringComparer.Ordinal);

    public void Add(StsRole role) => _roles[role.Arn] = role;

    public ValueTask<StsRole?> FindRoleAsync(string roleArn, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_roles.TryGetValue(roleArn, out var role) ? role : null);
}

/// <summary>A scripted policy decider: answers from a rule per action and records every question.</summary>
internal sealed class ScriptedDecider : IStsPolicyDecider
{
    public Func<StsAuthorizationRequest, StsDecision> AssumeRole { get; set; } = _ => StsDecision.Allow;

    public Func<StsAuthorizationRequest, StsDecision> Identity { get; set; } = _ => StsDecision.ImplicitDeny;

    public List<StsAuthorizationRequest> Questions { get; } = [];

    public StsAuthorizationRequest Question(string action) => Questions.Single(q => q.Action == action);

    public ValueTask<StsDecision> DecideAssumeRoleAsync(StsRole role, StsAuthorizationRequest request, CancellationToken cancellationToken = default)
    {
        Questions.Add(request);
        return ValueTask.FromResult(AssumeRole(request));
    }

    public ValueTask<StsDecision> DecideIdentityAsync(StsAuthorizationRequest request, CancellationToken cancellationToken = default)
    {
        Questions.Add(request);
        return ValueTask.FromResult(Identity(request));
    }
}

/// <summary>In-memory enabled MFA devices (a test double for the IAM store).</summary>
internal sealed class InMemoryMfaDevices : IMfaDeviceResolver
{
    private readonly ConcurrentDictionary<string, MfaDevice> _devices = new(StringComparer.Ordinal);

    public void Add(MfaDevice device) => _devices[device.SerialNumber] = device;

    public ValueTask<MfaDevice?> FindEnabledDeviceAsync(string serialNumber, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_devices.TryGetValue(serialNumber, out var device) ? device : null);
}

/// <summary>In-memory long-term access keys (a test double for the IAM store).</summary>
internal sealed class InMemoryAccessKeys : IAccessKeyAccountResolver
{
    public Dictionary<string, string> Accounts { get; } = new(StringComparer.Ordinal);

    public ValueTask<string?> FindAccountAsync(string accessKeyId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Accounts.TryGetValue(accessKeyId, out var account) ? account : null);
}
