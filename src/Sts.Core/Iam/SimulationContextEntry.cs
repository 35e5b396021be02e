namespace Sts.Core.Iam;

/// <summary>A context key supplied to a policy simulation.</summary>
/// <param name="ContextKeyName">The key, 5 to 256 characters, e.g. <c>aws:SourceIp</c>.</param>
/// <param name="ContextKeyValues">The values.</param>
/// <param name="ContextKeyType">
/// How the values are read: <c>string</c>, <c>stringList</c>, <c>numeric</c>, <c>numericList</c>, <c>boolean</c>,
/// <c>booleanList</c>, <c>ip</c>, <c>ipList</c>, <c>binary</c>, <c>binaryList</c>, <c>date</c> or <c>dateList</c>.
/// </param>
public sealed record SimulationContextEntry(string ContextKeyName, IReadOnlyList<string> ContextKeyValues, string ContextKeyType);
