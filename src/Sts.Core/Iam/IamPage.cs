using System.Collections.Immutable;

namespace Sts.Core.Iam;

/// <summary>One page of a list operation.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Items">The items of this page.</param>
/// <param name="IsTruncated">True when more items follow; pass <see cref="Marker"/> to get them.</param>
/// <param name="Marker">The marker of the next page when <see cref="IsTruncated"/>, otherwise null.</param>
public sealed record IamPage<T>(ImmutableArray<T> Items, bool IsTruncated, string? Marker);
