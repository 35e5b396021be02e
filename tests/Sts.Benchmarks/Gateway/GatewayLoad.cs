// Run: dotnet run -c Release --project tests/Sts.Benchmarks -- gateway-load [--seconds 5] [--clients 1,8,64] [--warmup 5] [--gateway-spin-limit 0]
// (--gateway-spin-limit sets DOTNET_ThreadPool_UnfairSemaphoreSpinLimit for the gateway, overriding its runtimeconfig, which
// ships 0: idle workers do not spin; pass 70 to measure the runtime's default. --warmup runs each request kind at 8 clients
// for that many seconds before the first row, so the JIT's tiering is done before anything is measured.)
// A load test over HTTP on loopback, not a BenchmarkDotNet benchmark and not a unit test (dotnet test never runs it).
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Xml.Linq;

namespace Sts.Benchmarks.Gateway;

/// <summary>
/// Measures the sample gateway (started as its own process from the built Sts.Gateway.dll) against moto's server
/// (<c>python3 -m moto.server</c>) in the same run: AssumeRole requests per second with p50 and p99 latency at each
/// client count, and the gateway's SigV4-authorized GetObject of 4 KiB. Every request is signed once, before the
/// clock starts (<see cref="LoadSigner"/>), and replayed: the servers verify each one in full (moto does not check
/// signatures). The load average (/proc/loadavg) is printed with every figure; the machine may be shared.
/// </summary>
internal static class GatewayLoad
{
    private const string RootKey = "AKIALOADTESTROOT0001";
    private const string RootSecret = "loadtestrootsecretloadtestrootsecretload";

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = 5;
        var warmup = 5;
        string? gatewaySpinLimit = null;
        int[] clientCounts = [1, 8, 64];
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
                case "--gateway-spin-limit":
                    gatewaySpinLimit = int.Parse(args[i + 1], CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
                    break;
                case "--clients":
                    clientCounts = [.. args[i + 1].Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))];
                    break;
                default:
                    throw new ArgumentException($"unknown option {args[i]}; expected --seconds N, --clients 1,8,64, --warmup SECONDS or --gateway-spin-limit N");
            }
        }

        var duration = TimeSpan.FromSeconds(seconds);
        Console.WriteLine($"gateway-load: {seconds} s per row after 1 s of warm-up, each request kind warmed up {warmup} s at 8 clients first; {Environment.ProcessorCount} cores; gateway spin limit {gatewaySpinLimit ?? "from its runtimeconfig (0)"}; load average at start {LoadAverage()}");
        var rows = new List<string>();

        await using (var gateway = await ServerProcess.StartGatewayAsync(RootKey, RootSecret, gatewaySpinLimit))
        {
            var (assumeRole, getObject, callerIdentity) = await PrepareGatewayAsync(gateway.Url);
            foreach (var request in new[] { assumeRole, getObject, callerIdentity })
            {
                await LoadRun.RunAsync(gateway.Url, request, 8, TimeSpan.FromSeconds(warmup), gateway.CpuTime);
            }

            foreach (var clients in clientCounts)
            {
                rows.Add(Row("gateway AssumeRole", clients, await LoadRun.RunAsync(gateway.Url, assumeRole, clients, duration, gateway.CpuTime)));
            }

            foreach (var clients in clientCounts)
            {
                rows.Add(Row("gateway GetObject 4 KiB (SigV4 header)", clients, await LoadRun.RunAsync(gateway.Url, getObject, clients, duration, gateway.CpuTime)));
            }

            // The floor under AssumeRole: HTTP, the Query protocol and SigV4 authentication of the same IAM user.
            rows.Add(Row("gateway GetCallerIdentity (floor)", clientCounts[^1] >= 8 ? 8 : clientCounts[^1], await LoadRun.RunAsync(gateway.Url, callerIdentity, clientCounts[^1] >= 8 ? 8 : clientCounts[^1], duration, gateway.CpuTime)));
        }

        await using (var moto = await ServerProcess.StartMotoAsync())
        {
            var assumeRole = await PrepareMotoAsync(moto.Url);
            await LoadRun.RunAsync(moto.Url, assumeRole, 8, TimeSpan.FromSeconds(warmup), moto.CpuTime);
            foreach (var clients in clientCounts)
            {
                rows.Add(Row("moto AssumeRole", clients, await LoadRun.RunAsync(moto.Url, assumeRole, clients, duration, moto.CpuTime)));
            }
        }

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

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>As the root: a user with a key, a role trusting it, a bucket with a 4 KiB object the user may read.</summary>
    private static async Task<(SignedRequest AssumeRole, SignedRequest GetObject, SignedRequest CallerIdentity)> PrepareGatewayAsync(string url)
    {
        using var http = new HttpClient();
        var root = new LoadSigner(RootKey, RootSecret);
        await SendOkAsync(http, root.Query(url, "iam", "Action=CreateUser&Version=2010-05-08&UserName=LOADUSER"));
        var key = XDocument.Parse(await SendOkAsync(http, root.Query(url, "iam", "Action=CreateAccessKey&Version=2010-05-08&UserName=LOADUSER")));
        var user = new LoadSigner(Element(key, "AccessKeyId"), Element(key, "SecretAccessKey"));
        const string trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam:::user/LOADUSER"},"Action":"sts:AssumeRole"}]}""";
        await SendOkAsync(http, root.Query(url, "iam", "Action=CreateRole&Version=2010-05-08&RoleName=LoadRole&AssumeRolePolicyDocument=" + Uri.EscapeDataString(trust)));
        const string read = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::load-bucket/*"}]}""";
        await SendOkAsync(http, root.Query(url, "iam", "Action=PutUserPolicy&Version=2010-05-08&UserName=LOADUSER&PolicyName=read&PolicyDocument=" + Uri.EscapeDataString(read)));
        await SendOkAsync(http, root.S3(url, HttpMethod.Put, "/load-bucket", []));
        await SendOkAsync(http, root.S3(url, HttpMethod.Put, "/load-bucket/object-4k", new byte[4096]));
        var assumeRole = user.Query(url, "sts", "Action=AssumeRole&Version=2011-06-15&RoleArn=" + Uri.EscapeDataString("arn:aws:iam:::role/LoadRole") + "&RoleSessionName=load&DurationSeconds=900");
        var getObject = user.S3(url, HttpMethod.Get, "/load-bucket/object-4k", []);
        await SendOkAsync(http, assumeRole);
        if ((await SendOkAsync(http, getObject)).Length != 4096)
        {
            throw new InvalidOperationException("GetObject did not return the 4 KiB object");
        }

        var callerIdentity = user.Query(url, "sts", "Action=GetCallerIdentity&Version=2011-06-15");
        await SendOkAsync(http, callerIdentity);
        return (assumeRole, getObject, callerIdentity);
    }

    /// <summary>moto's default account; it does not verify signatures but is sent the same signed form.</summary>
    private static async Task<SignedRequest> PrepareMotoAsync(string url)
    {
        using var http = new HttpClient();
        var signer = new LoadSigner("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        const string trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}""";
        await SendOkAsync(http, signer.Query(url, "iam", "Action=CreateRole&Version=2010-05-08&RoleName=LoadRole&AssumeRolePolicyDocument=" + Uri.EscapeDataString(trust)));
        var assumeRole = signer.Query(url, "sts", "Action=AssumeRole&Version=2011-06-15&RoleArn=" + Uri.EscapeDataString("arn:aws:iam::123456789012:role/LoadRole") + "&RoleSessionName=load&DurationSeconds=900");
        await SendOkAsync(http, assumeRole);
        return assumeRole;
    }

    internal static async Task<string> SendOkAsync(HttpClient http, SignedRequest request)
    {
        using var response = await http.SendAsync(request.ToMessage());
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? body : throw new InvalidOperationException($"{request.Method} {request.PathAndQuery} answered {(int)response.StatusCode}: {body}");
    }

    internal static string Element(XDocument document, string name) =>
        document.Descendants().First(e => e.Name.LocalName == name).Value;

    /// <summary>A server under test as a child process on a free loopback port.</summary>
    internal sealed class ServerProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly string? _directory;

        private ServerProcess(Process process, string url, string? directory)
        {
            _process = process;
            Url = url;
            _directory = directory;
        }

        public string Url { get; }

        /// <summary>The server's CPU time so far (user + system).</summary>
        public TimeSpan CpuTime()
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }

        public static async Task<ServerProcess> StartGatewayAsync(string rootKey, string rootSecret, string? spinLimit, IReadOnlyDictionary<string, string>? environment = null)
        {
            var directory = Directory.CreateTempSubdirectory("sts-gateway-load-").FullName;
            var url = $"http://127.0.0.1:{FreePort()}";
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Sts.Gateway.dll"));
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add(url);
            start.Environment["Gateway__DataDirectory"] = Path.Combine(directory, "data");
            start.Environment["Gateway__Root__AccessKeyId"] = rootKey;
            start.Environment["Gateway__Root__SecretAccessKey"] = rootSecret;
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            start.Environment.Remove("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit");
            if (spinLimit is not null)
            {
                start.Environment["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = spinLimit;
            }

            foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            {
                start.Environment[name] = value;
            }

            return await StartAsync(start, url, directory);
        }

        public static async Task<ServerProcess> StartMotoAsync()
        {
            var port = FreePort();
            var start = new ProcessStartInfo("python3") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "-m", "moto.server", "-H", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture) })
            {
                start.ArgumentList.Add(argument);
            }

            return await StartAsync(start, $"http://127.0.0.1:{port}", null);
        }

        private static async Task<ServerProcess> StartAsync(ProcessStartInfo start, string url, string? directory)
        {
            var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} could not be started");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var server = new ServerProcess(process, url, directory);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < TimeSpan.FromSeconds(90))
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"{start.FileName} exited with {process.ExitCode}");
                }

                try
                {
                    using var response = await http.GetAsync(url + "/");
                    return server;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(200);
                }
                catch (TaskCanceledException)
                {
                    await Task.Delay(200);
                }
            }

            await server.DisposeAsync();
            throw new InvalidOperationException($"{start.FileName} did not answer HTTP at {url} within 90 s");
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
            if (_directory is not null)
            {
                Directory.Delete(_directory, recursive: true);
            }
        }
    }
}
