namespace Sts.Policy;

/// <summary>One value of a condition as written in the policy: its JSON type and its text (<c>"true"</c> for JSON true, a number's literal text).</summary>
/// <param name="Kind">The JSON type the value was written with.</param>
/// <param name="Text">The value's text.</param>
public sealed record ConditionValue(ConditionValueKind Kind, string Text);
