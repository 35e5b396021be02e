using System.Diagnostics;

namespace Sts.Benchmarks.Gateway;

/// <summary>N clients, each on its own connection, sending one prepared request back to back for a fixed time after a
/// one-second warm-up; every response body is read in full and every non-2xx answer counts as an error.</summary>
internal static class LoadRun
{
    public static Task<LoadResult> RunAsync(string url, SignedRequest request, int clients, TimeSpan duration, Func<TimeSpan> serverCpu) =>
        RunAsync([request], clients, duration, serverCpu);

    /// <summary>Clients split evenly across several servers (client i sends <paramref name="requests"/>[i mod n], each
    /// signed for its server); one throughput and one latency distribution over all of them.</summary>
    public static async Task<LoadResult> RunAsync(IReadOnlyList<SignedRequest> requests, int clients, TimeSpan duration, Func<TimeSpan> serverCpu)
    {
        var targets = requests.Select(request =>
        {
            var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseProxy = false };
            return (Http: new HttpClient(handler) { BaseAddress = new Uri(request.Url), Timeout = TimeSpan.FromSeconds(30) }, Request: request);
        }).ToArray();
        try
        {
            return await RunAsync(targets, clients, duration, serverCpu);
        }
        finally
        {
            foreach (var (http, _) in targets)
            {
                http.Dispose();
            }
        }
    }

    private static async Task<LoadResult> RunAsync((HttpClient Http, SignedRequest Request)[] targets, int clients, TimeSpan duration, Func<TimeSpan> serverCpu)
    {
        await RunPhaseAsync(targets, clients, TimeSpan.FromSeconds(1));
        var cpuBefore = serverCpu();
        var watch = Stopwatch.StartNew();
        var (latencies, errors) = await RunPhaseAsync(targets, clients, duration);
        var elapsed = watch.Elapsed;
        var cpu = serverCpu() - cpuBefore;
        latencies.Sort();
        TimeSpan Percentile(double p) => latencies.Count == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(latencies[Math.Min(latencies.Count - 1, (int)(p * latencies.Count))] * TimeSpan.TicksPerSecond / Stopwatch.Frequency);
        var cpuPerRequest = latencies.Count == 0 ? TimeSpan.Zero : cpu / (latencies.Count + errors);
        return new LoadResult(latencies.Count / elapsed.TotalSeconds, Percentile(0.50), Percentile(0.99), cpuPerRequest, errors, GatewayLoad.LoadAverage());
    }

    private static async Task<(List<long> Latencies, long Errors)> RunPhaseAsync((HttpClient Http, SignedRequest Request)[] targets, int clients, TimeSpan duration)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var (http, request) = targets[client % targets.Length];
            var latencies = new List<long>(4096);
            long errors = 0;
            var buffer = new byte[16384];
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var started = Stopwatch.GetTimestamp();
                using var message = request.ToMessage();
                using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
                await using (var body = await response.Content.ReadAsStreamAsync())
                {
                    while (await body.ReadAsync(buffer) > 0)
                    {
                    }
                }

                if (response.IsSuccessStatusCode)
                {
                    latencies.Add(Stopwatch.GetTimestamp() - started);
                }
                else
                {
                    errors++;
                }
            }

            return (latencies, errors);
        })).ToArray();
        var results = await Task.WhenAll(workers);
        var all = new List<long>(results.Sum(r => r.latencies.Count));
        foreach (var (latencies, _) in results)
        {
            all.AddRange(latencies);
        }

        return (all, results.Sum(r => r.errors));
    }
}
