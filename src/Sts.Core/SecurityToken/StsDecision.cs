namespace Sts.Core.SecurityToken;

/// <summary>The outcome of an authorization question STS asks its <see cref="IStsPolicyDecider"/>.</summary>
public enum StsDecision
{
    /// <summary>Nothing allowed the request (the default).</summary>
    ImplicitDeny,

    /// <summary>A statement denied the request.</summary>
    ExplicitDeny,

    /// <summary>The request is allowed.</summary>
    Allow,
}
