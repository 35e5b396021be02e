namespace Sts.Policy;

/// <summary>One principal named in a <c>Principal</c> or <c>NotPrincipal</c> element, e.g. <c>{"AWS": "arn:aws:iam::123456789012:root"}</c>.</summary>
/// <param name="Type">The map key (<c>AWS</c>, <c>Federated</c>, <c>Service</c>, <c>CanonicalUser</c>).</param>
/// <param name="Value">The value as written in the document (an ARN, an account id, a service name or <c>*</c>).</param>
public sealed record PolicyPrincipal(PrincipalType Type, string Value);
