// Run: dotnet run -c Release --project tests/Sts.Benchmarks -- --filter '*IamStoreBenchmarks*' --job short
// The SQLite scale figures (100,000 roles: creation rate, file size, uncached lookup p50/p99) are printed by the
// global setup of UncachedRoleByArnSqlite100k as lines starting with "IamStoreScale:".
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Sts.Core.Accounts;
using Sts.Core.Iam;
using Sts.Core.Iam.Requests;
using Sts.Core.Stores.InMemory;
using Sts.Core.Stores.Sqlite;

namespace Sts.Benchmarks.Core;

/// <summary>Role lookups by ARN: cached (target at most 1 µs) against a bare dictionary lookup, and uncached from SQLite with 100,000 roles.</summary>
[MemoryDiagnoser]
public class IamStoreBenchmarks
{
    private const int RoleCount = 100_000;
    private const string Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    private static readonly IamPrincipal Root = IamPrincipal.Root(AccountId.Parse("123456789012"));

    private readonly ConcurrentDictionary<string, object> _dictionary = new(StringComparer.Ordinal);
    private IamService _cached = null!;
    private string _arn = null!;
    private IamService _uncached = null!;
    private SqliteIamStore _sqlite = null!;
    private string _directory = null!;
    private string[] _arns = null!;
    private int _next;

    [GlobalSetup(Targets = [nameof(DictionaryLookupPeer), nameof(CachedRoleByArn)])]
    public void SetupCached()
    {
        _cached = new IamService(new InMemoryIamStore(), new IamServiceOptions { CacheTimeToLive = TimeSpan.FromHours(1) });
        _arn = _cached.CreateRoleAsync(Root, new CreateRoleRequest("S3Access", Trust, "/app/")).AsTask().GetAwaiter().GetResult().Value.Arn;
        _ = _cached.GetRoleByArnAsync(_arn).AsTask().GetAwaiter().GetResult() ?? throw new InvalidOperationException("role not found");
        _dictionary["iam/123456789012/role/s3access"] = new object();
    }

    [GlobalSetup(Target = nameof(UncachedRoleByArnSqlite100k))]
    public void SetupSqlite()
    {
        _directory = Directory.CreateTempSubdirectory("sts-bench-").FullName;
        var path = Path.Combine(_directory, "iam.db");
        _sqlite = SqliteIamStore.Open(new SqliteIamStoreOptions { DatabasePath = path, SecretKey = new byte[32], SyncEveryCommit = false });
        var writer = new IamService(_sqlite);
        _arns = new string[RoleCount];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < RoleCount; i++)
        {
            _arns[i] = writer.CreateRoleAsync(Root, new CreateRoleRequest($"role-{i:D6}", Trust, "/bench/", "benchmark role")).AsTask().GetAwaiter().GetResult().Value.Arn;
        }

        clock.Stop();
        Report($"created {RoleCount} roles through IamService in {clock.Elapsed.TotalSeconds:F1} s = {RoleCount / clock.Elapsed.TotalSeconds:F0} roles/s (synchronous=NORMAL, one transaction each)");

        // Every lookup re-reads the store: the cache lifetime is one tick.
        _uncached = new IamService(_sqlite, new IamServiceOptions { CacheTimeToLive = TimeSpan.FromTicks(1) });
        var random = new Random(42);
        var samples = new double[20_000];
        for (var i = 0; i < samples.Length; i++)
        {
            var arn = _arns[random.Next(RoleCount)];
            var start = Stopwatch.GetTimestamp();
            _ = _uncached.GetRoleByArnAsync(arn).AsTask().GetAwaiter().GetResult() ?? throw new InvalidOperationException("role not found");
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        Array.Sort(samples);
        Report($"uncached GetRoleByArn over {samples.Length} random roles: p50 {samples[samples.Length / 2]:F1} µs, p99 {samples[(int)(samples.Length * 0.99)]:F1} µs");
        SqliteConnection.ClearAllPools();
        var size = Directory.GetFiles(_directory).Sum(f => new FileInfo(f).Length);
        Report($"database size with {RoleCount} roles: {size / 1024.0 / 1024.0:F1} MiB ({size / RoleCount} bytes per role, main file + WAL)");

        var durable = SqliteIamStore.Open(new SqliteIamStoreOptions { DatabasePath = Path.Combine(_directory, "durable.db"), SecretKey = new byte[32], SyncEveryCommit = true });
        var durableWriter = new IamService(durable);
        clock.Restart();
        for (var i = 0; i < 2000; i++)
        {
            _ = durableWriter.CreateRoleAsync(Root, new CreateRoleRequest($"role-{i:D6}", Trust)).AsTask().GetAwaiter().GetResult().Value;
        }

        Report($"created 2000 roles with synchronous=FULL (the default) at {2000 / clock.Elapsed.TotalSeconds:F0} roles/s");
        durable.Dispose();
    }

    [GlobalCleanup(Target = nameof(UncachedRoleByArnSqlite100k))]
    public void CleanupSqlite()
    {
        _sqlite.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The peer: one lookup in a concurrent dictionary keyed by the store key, the floor of any cache.</summary>
    [Benchmark(Baseline = true)]
    public object DictionaryLookupPeer() => _dictionary.TryGetValue("iam/123456789012/role/s3access", out var value) ? value : throw new InvalidOperationException();

    [Benchmark]
    public IamRole CachedRoleByArn()
    {
        var lookup = _cached.GetRoleByArnAsync(_arn);
        return lookup.IsCompletedSuccessfully ? lookup.Result! : throw new InvalidOperationException("the cached lookup went to the store");
    }

    [Benchmark]
    public IamRole UncachedRoleByArnSqlite100k()
    {
        var arn = _arns[_next++ % RoleCount];
        return _uncached.GetRoleByArnAsync(arn).AsTask().GetAwaiter().GetResult()!;
    }

    private static void Report(string line) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"IamStoreScale: {line}"));
}
