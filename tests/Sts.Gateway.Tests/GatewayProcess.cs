using System.Diagnostics;
using System.Text;

namespace Sts.Gateway.Tests;

/// <summary>The built gateway as a real process: <c>dotnet Sts.Gateway.dll --urls http://127.0.0.1:PORT</c>.</summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private GatewayProcess(Process process, string url, string dataDirectory)
    {
        _process = process;
        Url = url;
        DataDirectory = dataDirectory;
    }

    public string Url { get; }

    public string DataDirectory { get; }

    public Process Process => _process;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts the gateway: <c>dotnet Sts.Gateway.dll</c> from the test's output, or, with <paramref name="dotnetRun"/>, as
    /// the README does it: <c>dotnet run --no-build --project samples/Sts.Gateway -c CONFIGURATION</c> on the build the test
    /// project made (one build, then any number of processes).
    /// </summary>
    public static async Task<GatewayProcess> StartAsync(IReadOnlyDictionary<string, string>? environment = null, bool dotnetRun = false)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("sts-gateway-process-").FullName;
        var url = $"http://127.0.0.1:{GatewayHost.FreePort()}";
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataDirectory,
        };
        if (dotnetRun)
        {
            // The test output is bin/CONFIGURATION/TFM under tests/Sts.Gateway.Tests.
            var output = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
            var repository = output;
            while (repository is not null && !File.Exists(Path.Combine(repository.FullName, "Sts.sln")))
            {
                repository = repository.Parent;
            }

            if (repository is null)
            {
                throw new InvalidOperationException($"No Sts.sln above {output.FullName}: dotnet run needs the repository.");
            }

            foreach (var argument in (string[])["run", "--no-build", "--project", Path.Combine(repository.FullName, "samples", "Sts.Gateway"), "-c", output.Parent!.Name, "--"])
            {
                start.ArgumentList.Add(argument);
            }
        }
        else
        {
            start.ArgumentList.Add(Path.Combine(TestContext.CurrentContext.TestDirectory, "Sts.Gateway.dll"));
        }

        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url);
        start.Environment["Gateway__DataDirectory"] = Path.Combine(dataDirectory, "sts-data");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started");
        var gateway = new GatewayProcess(process, url, dataDirectory);
        process.OutputDataReceived += (_, e) => gateway.Append(e.Data);
        process.ErrorDataReceived += (_, e) => gateway.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The gateway exited with {process.ExitCode}: {gateway.Output}");
            }

            try
            {
                using var response = await http.GetAsync(url + "/");
                return gateway;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
            catch (TaskCanceledException)
            {
                await Task.Delay(100);
            }
        }

        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException($"The gateway did not answer HTTP within 60 s: {gateway.Output}");
    }

    /// <summary>Sends SIGTERM (as a service manager does) and waits for the exit.</summary>
    public async Task<TimeSpan> TerminateAsync(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync();
        }

        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return watch.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
