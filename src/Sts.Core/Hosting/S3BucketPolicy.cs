namespace Sts.Core.Hosting;

/// <summary>The bucket policy of the bucket a request addresses, and the account that owns the bucket.</summary>
/// <param name="Bucket">The bucket name.</param>
/// <param name="Policy">The bucket policy JSON, or null when the bucket has none.</param>
/// <param name="OwnerAccount">The 12-digit account that owns the bucket (empty for the default tenant).</param>
public sealed record S3BucketPolicy(string Bucket, string? Policy, string OwnerAccount);
