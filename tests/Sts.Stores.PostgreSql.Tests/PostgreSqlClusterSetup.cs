namespace Sts.Stores.PostgreSql.Tests;

/// <summary>Starts one throwaway PostgreSQL cluster for the whole assembly and deletes it at the end. A failure to start fails every test.</summary>
[SetUpFixture]
public sealed class PostgreSqlClusterSetup
{
    private static PostgreSqlCluster? _cluster;

    internal static PostgreSqlCluster Cluster => _cluster ?? throw new InvalidOperationException("The PostgreSQL test cluster did not start (see the one-time setup failure).");

    internal static byte[] SecretKey { get; } = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    [OneTimeSetUp]
    public async Task StartCluster() => _cluster = await PostgreSqlCluster.StartAsync();

    [OneTimeTearDown]
    public async Task StopCluster()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
            _cluster = null;
        }
    }

    /// <summary>Opens a store on a fresh database owned by the non-superuser test role.</summary>
    internal static async Task<(PostgreSqlIamStore Store, string ConnectionString)> OpenStoreOnNewDatabaseAsync(PostgreSqlIamStoreOptions? template = null)
    {
        var connectionString = Cluster.AppConnectionString(await Cluster.CreateDatabaseAsync());
        return (await OpenStoreAsync(connectionString, template), connectionString);
    }

    internal static Task<PostgreSqlIamStore> OpenStoreAsync(string connectionString, PostgreSqlIamStoreOptions? template = null) =>
        PostgreSqlIamStore.OpenAsync(new PostgreSqlIamStoreOptions
        {
            ConnectionString = connectionString,
            SecretKey = SecretKey,
            HeartbeatInterval = template?.HeartbeatInterval ?? TimeSpan.FromMilliseconds(250),
            StaleAfter = template?.StaleAfter ?? TimeSpan.FromMilliseconds(750),
        });
}
