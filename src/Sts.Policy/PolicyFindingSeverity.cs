namespace Sts.Policy;

/// <summary>How serious a validation finding is.</summary>
public enum PolicyFindingSeverity
{
    /// <summary>The document is invalid for its kind; AWS would refuse it.</summary>
    Error,

    /// <summary>The document is legal but risky (e.g. <c>Allow</c> of <c>*</c> on <c>*</c>).</summary>
    Warning,
}
