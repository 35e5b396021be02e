namespace Sts.Core.Iam;

/// <summary>Whether an access key can sign requests.</summary>
public enum AccessKeyStatus
{
    /// <summary>The key signs requests.</summary>
    Active,

    /// <summary>The key is disabled; requests signed with it are refused.</summary>
    Inactive,
}
