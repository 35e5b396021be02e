namespace Sts.Core.Iam;

/// <summary>A decoded stored entity with the store version it was read at.</summary>
internal sealed record Stored<T>(string Key, long Version, T Value, string? Secret)
    where T : class;
