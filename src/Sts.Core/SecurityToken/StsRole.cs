using System.Collections.Immutable;
using Sts.Core.Tokens;
using Sts.Policy;

namespace Sts.Core.SecurityToken;

/// <summary>What STS needs to know about a role to let a caller assume it. Immutable.</summary>
public sealed class StsRole
{
    /// <summary>The role's ARN, with its path: <c>arn:aws:iam::ACCOUNT:role/PATH/NAME</c>.</summary>
    public required string Arn { get; init; }

    /// <summary>The role's unique id (<c>AROA...</c>).</summary>
    public required string RoleId { get; init; }

    /// <summary>The role's account (12 digits, or empty for the default tenant).</summary>
    public required string Account { get; init; }

    /// <summary>The longest session the role allows, in seconds (3600 to 43200).</summary>
    public required int MaxSessionDurationSeconds { get; init; }

    /// <summary>The role's trust policy (assume-role policy document), parsed as <see cref="PolicyKind.Trust"/>.</summary>
    public required PolicyDocument TrustPolicy { get; init; }

    /// <summary>
    /// The role's tags (<c>iam:ResourceTag/KEY</c> to its trust policy), one entry per stored key-value pair: a key the role
    /// holds several times (Ceph profile) appears once per value.
    /// </summary>
    public ImmutableArray<SessionTag> Tags { get; init; } = [];

    /// <summary>The role's name: the last segment of its ARN.</summary>
    public string Name => Arn[(Arn.LastIndexOf('/') + 1)..];
}
