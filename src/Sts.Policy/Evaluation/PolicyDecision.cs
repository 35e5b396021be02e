namespace Sts.Policy.Evaluation;

/// <summary>The outcome of evaluating a request against policies.</summary>
public enum PolicyDecision
{
    /// <summary>No policy allowed the request (the default).</summary>
    ImplicitDeny,

    /// <summary>A statement with <c>Effect: Deny</c> applied; nothing can override it.</summary>
    ExplicitDeny,

    /// <summary>The request is allowed.</summary>
    Allow,
}
