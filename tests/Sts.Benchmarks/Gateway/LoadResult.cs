namespace Sts.Benchmarks.Gateway;

/// <summary>One row: throughput, latency percentiles, the server's CPU time per request (user + system, from the OS: less
/// sensitive to a shared machine than throughput), failed requests, and the load average when it ended.</summary>
internal sealed record LoadResult(double RequestsPerSecond, TimeSpan P50, TimeSpan P99, TimeSpan ServerCpuPerRequest, long Errors, string LoadAverage);
