using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace Sts.Stores.PostgreSql.Tests;

/// <summary>
/// A throwaway PostgreSQL cluster: initdb into a temporary directory, started with pg_ctl on a free port with
/// its unix socket in that directory (no TCP), a non-superuser role that owns the databases the tests create,
/// stopped and deleted at the end. When the tests run as root, initdb refuses, so the server commands run as the
/// <c>postgres</c> user through runuser. Binaries: <c>STS_POSTGRES_BIN</c>, else the newest
/// <c>/usr/lib/postgresql/N/bin</c>, else <c>pg_config --bindir</c>. Nothing found fails loudly.
/// </summary>
internal sealed class PostgreSqlCluster : IAsyncDisposable
{
    public const string AppRole = "sts_app";

    private readonly string _binDirectory;
    private readonly string _root;
    private readonly bool _asPostgresUser;
    private readonly string _superuserPassword = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private int _databases;

    private PostgreSqlCluster(string binDirectory, string root, bool asPostgresUser, int port)
    {
        _binDirectory = binDirectory;
        _root = root;
        _asPostgresUser = asPostgresUser;
        Port = port;
    }

    public int Port { get; }

    public string AppPassword { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    public string SocketDirectory => _root;

    public string SuperuserConnectionString(string database = "postgres") => new NpgsqlConnectionStringBuilder
    {
        Host = _root,
        Port = Port,
        Username = "postgres",
        Password = _superuserPassword,
        Database = database,
        Pooling = false,
    }.ToString();

    public string AppConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = _root,
        Port = Port,
        Username = AppRole,
        Password = AppPassword,
        Database = database,
    }.ToString();

    public static async Task<PostgreSqlCluster> StartAsync()
    {
        var bin = FindBinaries();
        var asPostgresUser = !OperatingSystem.IsWindows() && Environment.UserName == "root";
        var root = Path.Combine(Path.GetTempPath(), "sts-pg-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant());
        Directory.CreateDirectory(root);
        if (asPostgresUser && !OperatingSystem.IsWindows())
        {
            // The server runs as 'postgres' and writes its data, log and socket here.
            File.SetUnixFileMode(root, (UnixFileMode)0x1FF);
        }

        var cluster = new PostgreSqlCluster(bin, root, asPostgresUser, FreePort());
        try
        {
            await cluster.InitAndStartAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates an empty database owned by the non-superuser <see cref="AppRole"/>; returns its name.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "sts_test_" + Interlocked.Increment(ref _databases).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await ExecuteAsSuperuserAsync($"CREATE DATABASE {name} OWNER {AppRole}");
        return name;
    }

    public async Task ExecuteAsSuperuserAsync(string sql, string database = "postgres")
    {
        await using var connection = new NpgsqlConnection(SuperuserConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<T> QueryAsSuperuserAsync<T>(string sql, string database = "postgres")
    {
        await using var connection = new NpgsqlConnection(SuperuserConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Sends a signal (STOP, CONT, KILL) to a server process, as the user that runs the server.</summary>
    public Task SignalAsync(int processId, string signal) =>
        RunAsync("kill", ["-" + signal, processId.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(_root, "data", "postmaster.pid")))
        {
            try
            {
                await RunAsync(Path.Combine(_binDirectory, "pg_ctl"), ["-D", Path.Combine(_root, "data"), "-m", "immediate", "-w", "stop"]);
            }
            catch (InvalidOperationException e)
            {
                await Console.Error.WriteLineAsync("PostgreSQL did not stop cleanly: " + e.Message);
            }
        }

        Directory.Delete(_root, recursive: true);
    }

    private async Task InitAndStartAsync()
    {
        var passwordFile = Path.Combine(_root, "pwfile");
        await File.WriteAllTextAsync(passwordFile, _superuserPassword + "\n");
        if (_asPostgresUser && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        var data = Path.Combine(_root, "data");
        await RunAsync(Path.Combine(_binDirectory, "initdb"), ["-D", data, "-U", "postgres", "--pwfile=" + passwordFile, "-A", "scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"]);
        var serverOptions = $"-p {Port} -k {_root} -c listen_addresses= -c fsync=off -c synchronous_commit=off -c max_connections=200";
        try
        {
            await RunAsync(Path.Combine(_binDirectory, "pg_ctl"), ["-D", data, "-l", Path.Combine(_root, "server.log"), "-o", serverOptions, "-w", "-t", "60", "start"]);
        }
        catch (InvalidOperationException e)
        {
            var log = File.Exists(Path.Combine(_root, "server.log")) ? await File.ReadAllTextAsync(Path.Combine(_root, "server.log")) : "(no log)";
            throw new InvalidOperationException(e.Message + "\nserver.log:\n" + log, e);
        }

        await ExecuteAsSuperuserAsync($"CREATE ROLE {AppRole} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '{AppPassword}'");
    }

    private async Task RunAsync(string file, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (_asPostgresUser && !OperatingSystem.IsWindows())
        {
            start.FileName = "runuser";
            foreach (var argument in (string[])["-u", "postgres", "--", file])
            {
                start.ArgumentList.Add(argument);
            }
        }
        else
        {
            start.FileName = file;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
        }
    }

    private static string FindBinaries()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("STS_POSTGRES_BIN") is { Length: > 0 } configured)
        {
            candidates.Add(configured);
        }

        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Directory: d, Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .OrderByDescending(d => d.Version)
                .Select(d => Path.Combine(d.Directory, "bin")));
        }

        try
        {
            using var pgConfig = Process.Start(new ProcessStartInfo("pg_config", "--bindir") { RedirectStandardOutput = true, UseShellExecute = false });
            if (pgConfig is not null)
            {
                candidates.Add(pgConfig.StandardOutput.ReadToEnd().Trim());
                pgConfig.WaitForExit();
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No pg_config on PATH: the other candidates decide.
        }

        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException(
                "PostgreSQL server binaries (initdb, pg_ctl) were not found in STS_POSTGRES_BIN, /usr/lib/postgresql/*/bin or pg_config --bindir. "
                + "Install them (apt-get install -y postgresql) or set STS_POSTGRES_BIN; .ci/run installs them.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
