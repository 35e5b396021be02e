namespace Sts.Policy.Evaluation;

/// <summary>A statement that applied to a request and decided its outcome.</summary>
/// <param name="PolicyId">The id the policy was compiled with (e.g. <c>PolicyInputList.1</c>, an ARN or a policy name).</param>
/// <param name="Source">The role the policy played in the evaluation.</param>
/// <param name="StatementIndex">The zero-based position of the statement in its policy.</param>
/// <param name="Sid">The statement's <c>Sid</c>, or null.</param>
/// <param name="Effect">The statement's <c>Effect</c>.</param>
public sealed record MatchedStatement(string PolicyId, PolicySource Source, int StatementIndex, string? Sid, PolicyEffect Effect);
