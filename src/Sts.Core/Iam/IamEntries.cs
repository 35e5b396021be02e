using System.Collections.Immutable;

namespace Sts.Core.Iam;

/// <summary>An inline policy as stored inside its user or role record.</summary>
internal sealed record NamedPolicy(string Name, string Document);

/// <summary>The stored form of a user: the public view plus its inline policies, attachments and access key ids.</summary>
internal sealed record UserEntry(IamUser User, ImmutableArray<NamedPolicy> InlinePolicies, ImmutableArray<string> AttachedPolicyArns, ImmutableArray<string> AccessKeyIds);

/// <summary>The stored form of a role: the public view plus its inline policies and attachments.</summary>
internal sealed record RoleEntry(IamRole Role, ImmutableArray<NamedPolicy> InlinePolicies, ImmutableArray<string> AttachedPolicyArns);

/// <summary>The stored form of a managed policy with all its versions (documents included).</summary>
internal sealed record PolicyEntry(ManagedPolicy Policy, ImmutableArray<ManagedPolicyVersion> Versions, int NextVersionNumber);

/// <summary>The stored form of an access key; its secret is the record's sealed secret, never in this JSON.</summary>
internal sealed record AccessKeyEntry(string Account, string? UserName, string AccessKeyId, AccessKeyStatus Status, DateTimeOffset CreateDate);

/// <summary>The stored form of an account root's own state: its access key ids.</summary>
internal sealed record RootEntry(ImmutableArray<string> AccessKeyIds);

/// <summary>
/// The stored form of a virtual MFA device; its Base32 seed is the record's sealed secret, never in this JSON. While enabled
/// it names the user (and that user's unique id, so a user re-created under the same name does not inherit it).
/// </summary>
internal sealed record MfaDeviceEntry(string Account, string Path, string Name, string SerialNumber, ImmutableArray<IamTag> Tags, string? UserName, string? UserId, DateTimeOffset? EnableDate);
