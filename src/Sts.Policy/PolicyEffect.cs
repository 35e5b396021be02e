namespace Sts.Policy;

/// <summary>The <c>Effect</c> of a statement (case-sensitive in JSON).</summary>
public enum PolicyEffect
{
    /// <summary><c>Allow</c>.</summary>
    Allow,

    /// <summary><c>Deny</c>.</summary>
    Deny,
}
