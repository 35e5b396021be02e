// Run: dotnet run -c Release --project tests/Sts.Benchmarks -- fleet-load [--seconds 5] [--clients 8,64] [--lookups 2000] [--warmup 10]
// A load test, not a BenchmarkDotNet benchmark and not a unit test (dotnet test never runs it). Needs PostgreSQL's
// initdb/pg_ctl (as the store tests: STS_POSTGRES_BIN, /usr/lib/postgresql/N/bin or pg_config; runuser when root).
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Sts.Gateway;
using Sts.Stores.PostgreSql;
using Sts.Stores.PostgreSql.Tests;

namespace Sts.Benchmarks.Gateway;

/// <summary>
/// The fleet on PostgreSQL: a throwaway cluster (initdb/pg_ctl), one database, gateways started as processes from the
/// built Sts.Gateway.dll with the same root keys and object directory. Measures (1) uncached role lookups: single
/// <see cref="PostgreSqlIamStore.GetAsync"/> reads of a role record, straight on the store, p50/p99; (2) AssumeRole over
/// HTTP with one gateway and with two gateways on the same database (clients split across both): requests/s, p50/p99,
/// the gateways' CPU per request, each gateway warmed up first; (3) the object store reading the shared directory: FindObject and ListObjects of a
/// 1,000-object bucket, unchanged and just changed. The load average is printed with every figure.
/// </summary>
internal static class FleetLoad
{
    private const string RootKey = "AKIAFLEETLOADROOT001";
    private const string RootSecret = "fleetloadrootsecretfleetloadrootsecretfl";

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = 5;
        var lookups = 2000;
        var warmup = 10;
        int[] clientCounts = [8, 64];
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--seconds":
                    seconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--warmup":
                    warmup = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--lookups":
                    lookups = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--clients":
                    clientCounts = [.. args[i + 1].Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))];
                    break;
                default:
                    throw new ArgumentException($"unknown option {args[i]}; expected --seconds N, --clients 8,64 --lookups N or --warmup SECONDS");
            }
        }

        var duration = TimeSpan.FromSeconds(seconds);
        Console.WriteLine($"fleet-load: {seconds} s per row after 1 s of warm-up; {Environment.ProcessorCount} cores; load average at start {GatewayLoad.LoadAverage()}");
        var rows = new List<string>();
        await using var cluster = await PostgreSqlCluster.StartAsync();
        var database = await cluster.CreateDatabaseAsync();
        var objects = Directory.CreateTempSubdirectory("sts-fleet-load-objects-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["Gateway__Store__Kind"] = "Postgres",
            ["Gateway__Store__ConnectionString"] = cluster.AppConnectionString(database),
            ["Gateway__ObjectDirectory"] = objects,
        };

        try
        {
            await using var a = await GatewayLoad.ServerProcess.StartGatewayAsync(RootKey, RootSecret, null, environment);
            var user = await PrepareAsync(a.Url);
            rows.Add(await RoleLookupsAsync(cluster.AppConnectionString(database), lookups));

            var onA = AssumeRole(user, a.Url);

            // A gateway just started runs unoptimized code until tiered compilation catches up (slowly on a busy machine).
            await LoadRun.RunAsync([onA], 8, TimeSpan.FromSeconds(warmup), a.CpuTime);
            foreach (var clients in clientCounts)
            {
                rows.Add(Row("1 gateway: AssumeRole", clients, await LoadRun.RunAsync([onA], clients, duration, a.CpuTime)));
            }

            await using var b = await GatewayLoad.ServerProcess.StartGatewayAsync(RootKey, RootSecret, null, environment);
            var onB = AssumeRole(user, b.Url);
            using (var http = new HttpClient())
            {
                await GatewayLoad.SendOkAsync(http, onB);
            }

            await LoadRun.RunAsync([onB], 8, TimeSpan.FromSeconds(warmup), b.CpuTime);
            foreach (var clients in clientCounts)
            {
                rows.Add(Row("2 gateways: AssumeRole (clients split)", clients, await LoadRun.RunAsync([onA, onB], clients, duration, () => a.CpuTime() + b.CpuTime())));
            }
        }
        finally
        {
            Directory.Delete(objects, recursive: true);
        }

        rows.AddRange(ObjectStoreReads());
        Console.WriteLine();
        Console.WriteLine("| subject | clients | requests/s | p50 ms | p99 ms | server CPU µs/request | errors | load average (1/5/15 min) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var row in rows)
        {
            Console.WriteLine(row);
        }

        return 0;
    }

    private static string Row(string subject, int clients, LoadResult result) => string.Create(CultureInfo.InvariantCulture,
        $"| {subject} | {clients} | {result.RequestsPerSecond:F0} | {result.P50.TotalMilliseconds:F2} | {result.P99.TotalMilliseconds:F2} | {result.ServerCpuPerRequest.TotalMicroseconds:F0} | {result.Errors} | {result.LoadAverage} |");

    private static string Row(string subject, List<long> ticks)
    {
        ticks.Sort();
        double Ms(double p) => ticks[Math.Min(ticks.Count - 1, (int)(p * ticks.Count))] * 1000.0 / Stopwatch.Frequency;
        var perSecond = ticks.Count / (ticks.Sum() / (double)Stopwatch.Frequency);
        return string.Create(CultureInfo.InvariantCulture, $"| {subject} ({ticks.Count:N0}, one at a time) | 1 | {perSecond:F0} | {Ms(0.50):F3} | {Ms(0.99):F3} | - | 0 | {GatewayLoad.LoadAverage()} |");
    }

    /// <summary>As the root on the first gateway: a user with a key and a role trusting it.</summary>
    private static async Task<LoadSigner> PrepareAsync(string url)
    {
        using var http = new HttpClient();
        var root = new LoadSigner(RootKey, RootSecret);
        await GatewayLoad.SendOkAsync(http, root.Query(url, "iam", "Action=CreateUser&Version=2010-05-08&UserName=FLEETUSER"));
        var key = XDocument.Parse(await GatewayLoad.SendOkAsync(http, root.Query(url, "iam", "Action=CreateAccessKey&Version=2010-05-08&UserName=FLEETUSER")));
        const string trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam:::user/FLEETUSER"},"Action":"sts:AssumeRole"}]}""";
        await GatewayLoad.SendOkAsync(http, root.Query(url, "iam", "Action=CreateRole&Version=2010-05-08&RoleName=FleetRole&AssumeRolePolicyDocument=" + Uri.EscapeDataString(trust)));
        const string read = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""";
        await GatewayLoad.SendOkAsync(http, root.Query(url, "iam", "Action=PutRolePolicy&Version=2010-05-08&RoleName=FleetRole&PolicyName=read&PolicyDocument=" + Uri.EscapeDataString(read)));
        var user = new LoadSigner(GatewayLoad.Element(key, "AccessKeyId"), GatewayLoad.Element(key, "SecretAccessKey"));
        await GatewayLoad.SendOkAsync(http, AssumeRole(user, url));
        return user;
    }

    private static SignedRequest AssumeRole(LoadSigner user, string url) =>
        user.Query(url, "sts", "Action=AssumeRole&Version=2011-06-15&RoleArn=" + Uri.EscapeDataString("arn:aws:iam:::role/FleetRole") + "&RoleSessionName=fleet&DurationSeconds=900");

    /// <summary>Single reads of the role record straight on the store (no cache in front), one at a time.</summary>
    private static async Task<string> RoleLookupsAsync(string connectionString, int lookups)
    {
        // The gateway derives the store's secret key from the root secret; role records hold no secret, any key reads them.
        var secretKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(RootSecret), 32, info: "Sts.Gateway IAM store secrets v1"u8.ToArray());
        await using var store = await PostgreSqlIamStore.OpenAsync(new PostgreSqlIamStoreOptions { ConnectionString = connectionString, SecretKey = secretKey });
        var page = await store.ListAsync("iam/", null, 1000);
        var roleKey = page.Records.Select(r => r.Key).First(k => k.Contains("/role/", StringComparison.Ordinal) && k.EndsWith("FleetRole", StringComparison.OrdinalIgnoreCase));
        for (var i = 0; i < 100; i++)
        {
            _ = await store.GetAsync(roleKey) ?? throw new InvalidOperationException("the role record is missing");
        }

        var ticks = new List<long>(lookups);
        for (var i = 0; i < lookups; i++)
        {
            var started = Stopwatch.GetTimestamp();
            _ = await store.GetAsync(roleKey);
            ticks.Add(Stopwatch.GetTimestamp() - started);
        }

        return Row($"PostgreSqlIamStore.GetAsync, role record {roleKey}", ticks);
    }

    /// <summary>The object store on a 1,000-object bucket: what each S3 read now costs in directory reads.</summary>
    private static IEnumerable<string> ObjectStoreReads()
    {
        var directory = Directory.CreateTempSubdirectory("sts-fleet-load-store-").FullName;
        try
        {
            var store = new ObjectStore(directory, TimeProvider.System);
            store.CreateBucketAsync("bench", string.Empty, "arn:aws:iam:::root", CancellationToken.None).GetAwaiter().GetResult();
            for (var i = 0; i < 1000; i++)
            {
                using var content = new MemoryStream(new byte[64]);
                store.PutObjectAsync("bench", $"key-{i:D4}", content, "binary/octet-stream", [], [], null, _ => null, CancellationToken.None).GetAwaiter().GetResult();
            }

            List<long> Time(int count, Action action)
            {
                var ticks = new List<long>(count);
                for (var i = 0; i < count; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    action();
                    ticks.Add(Stopwatch.GetTimestamp() - started);
                }

                return ticks;
            }

            var n = 0;
            yield return Row("ObjectStore.FindBucket (reads bucket.json)", Time(2000, () => store.FindBucket("bench")));
            yield return Row("ObjectStore.FindObject (reads the .meta file)", Time(2000, () => store.FindObject("bench", $"key-{n++ % 1000:D4}")));
            Thread.Sleep(50);
            store.ListObjects("bench", string.Empty, string.Empty);
            yield return Row("ObjectStore.ListObjects 1,000 objects, directory unchanged (one stat)", Time(2000, () => store.ListObjects("bench", string.Empty, string.Empty)));
            yield return Row("ObjectStore put, then ListObjects 1,000 objects (directory read again)", Time(50, () =>
            {
                using var content = new MemoryStream(new byte[64]);
                store.PutObjectAsync("bench", "key-0000", content, "binary/octet-stream", [], [], null, _ => null, CancellationToken.None).GetAwaiter().GetResult();
                store.ListObjects("bench", string.Empty, string.Empty);
            }));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
