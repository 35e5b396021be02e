using System.Text;
using Npgsql;
using Sts.Core.Stores;

namespace Sts.Stores.PostgreSql.Tests.Stores;

/// <summary>What only the PostgreSQL store promises: a schema created once by racing nodes, a non-superuser owner, secrets sealed at rest, atomic writes when the connection dies.</summary>
public sealed class PostgreSqlIamStoreTests
{
    private static PostgreSqlCluster Cluster => PostgreSqlClusterSetup.Cluster;

    [Test]
    public async Task Open_TwelveNodesAtOnceOnEmptyDatabase_CreateTheSchemaOnceAndAllWork()
    {
        var database = await Cluster.CreateDatabaseAsync();
        var connectionString = Cluster.AppConnectionString(database);

        var stores = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => PostgreSqlClusterSetup.OpenStoreAsync(connectionString))));
        try
        {
            var results = await Task.WhenAll(stores.Select((s, i) => s.WriteAsync([StoreWrite.Create($"k/{i}", "v")]).AsTask()));

            results.Should().OnlyContain(r => r.IsSuccess);
            (await stores[0].ListAsync("k/", null, 100)).Records.Should().HaveCount(12);
            (await Cluster.QueryAsSuperuserAsync<int>("SELECT version FROM sts_schema", database)).Should().Be(PostgreSqlIamStore.SchemaVersion);
            (await Cluster.QueryAsSuperuserAsync<long>("SELECT count(*) FROM sts_schema", database)).Should().Be(1);
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task Open_AsNonSuperuserOwner_CreatesTablesOwnedByThatRole()
    {
        var (store, connectionString) = await PostgreSqlClusterSetup.OpenStoreOnNewDatabaseAsync();
        await using var _ = store;
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;

        (await Cluster.QueryAsSuperuserAsync<bool>($"SELECT rolsuper FROM pg_roles WHERE rolname = '{PostgreSqlCluster.AppRole}'")).Should().BeFalse();
        (await Cluster.QueryAsSuperuserAsync<string>("SELECT tableowner::text FROM pg_tables WHERE tablename = 'sts_iam_records'", database))
            .Should().Be(PostgreSqlCluster.AppRole);
    }

    [Test]
    public async Task Open_SchemaNewerThanCode_Throws()
    {
        var (store, connectionString) = await PostgreSqlClusterSetup.OpenStoreOnNewDatabaseAsync();
        await store.DisposeAsync();
        await Cluster.ExecuteAsSuperuserAsync("UPDATE sts_schema SET version = 99", new NpgsqlConnectionStringBuilder(connectionString).Database!);

        var act = () => PostgreSqlClusterSetup.OpenStoreAsync(connectionString);

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*schema version 99 is newer*");
    }

    [Test]
    public async Task Open_ExistingDatabase_KeepsRecordsAcrossReopen()
    {
        var (store, connectionString) = await PostgreSqlClusterSetup.OpenStoreOnNewDatabaseAsync();
        await store.WriteAsync([StoreWrite.Create("k", "v", "secret-value")]);
        await store.DisposeAsync();

        await using var reopened = await PostgreSqlClusterSetup.OpenStoreAsync(connectionString);

        (await reopened.GetAsync("k")).Should().Be(new StoreRecord("k", 1, "v", "secret-value"));
    }

    [Test]
    public async Task Write_Secret_IsSealedAtRestAndBoundToItsKey()
    {
        var (store, connectionString) = await PostgreSqlClusterSetup.OpenStoreOnNewDatabaseAsync();
        await using var _ = store;
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        const string secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        await store.WriteAsync([StoreWrite.Create("a/key/AKIA1", "{}", secret), StoreWrite.Create("a/key/AKIA2", "{}", "other")]);

        var stored = await Cluster.QueryAsSuperuserAsync<byte[]>("SELECT secret FROM sts_iam_records WHERE key = 'a/key/AKIA1'", database);
        Encoding.UTF8.GetString(stored).Should().NotContain("wJalrXUtnFEMI");
        stored.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)).Should().Be(-1);

        // A sealed secret copied onto another record does not open there.
        await Cluster.ExecuteAsSuperuserAsync("UPDATE sts_iam_records SET secret = (SELECT secret FROM sts_iam_records WHERE key = 'a/key/AKIA1') WHERE key = 'a/key/AKIA2'", database);
        var act = async () => await store.GetAsync("a/key/AKIA2");
        await act.Should().ThrowAsync<System.Security.Cryptography.CryptographicException>();
    }

    [Test]
    public async Task Write_ConnectionKilledBeforeCommit_LeavesTheOldStateWhole()
    {
        var (store, _) = await PostgreSqlClusterSetup.OpenStoreOnNewDatabaseAsync();
        await using var disposal = store;
        await store.WriteAsync([StoreWrite.Create("a", "a1"), StoreWrite.Create("b", "b1")]);
        store.BeforeCommit = async connection =>
        {
            await Cluster.ExecuteAsSuperuserAsync($"SELECT pg_terminate_backend({connection.ProcessID})");
        };

        var act = async () => await store.WriteAsync([StoreWrite.Update("a", 1, "a2"), StoreWrite.Delete("b", 1), StoreWrite.Create("c", "c1")]);

        await act.Should().ThrowAsync<NpgsqlException>();
        store.BeforeCommit = null;
        (await store.ListAsync(string.Empty, null, 10)).Records.Should().Equal(new StoreRecord("a", 1, "a1"), new StoreRecord("b", 1, "b1"));
    }
}
