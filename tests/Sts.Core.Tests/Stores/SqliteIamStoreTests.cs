using System.Text;
using Microsoft.Data.Sqlite;
using Sts.Core.Accounts;
using Sts.Core.Iam;
using Sts.Core.Iam.Requests;
using Sts.Core.Stores;
using Sts.Core.Stores.Sqlite;

namespace Sts.Core.Tests.Stores;

/// <summary>What only the SQLite store promises: a file in WAL mode, versioned schema, secrets sealed at rest, atomic writes across a crash.</summary>
public sealed class SqliteIamStoreTests
{
    private string _directory = null!;

    private string DatabasePath => Path.Combine(_directory, "iam.db");

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("sts-sqlite-").FullName;

    [TearDown]
    public void DeleteDirectory()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public void Open_NewFile_UsesWalAndCurrentSchemaVersion()
    {
        using var store = SqliteIamStoreContractTests.OpenStore(_directory);

        Pragma("journal_mode").Should().Be("wal");
        Pragma("user_version").Should().Be(SqliteIamStore.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Test]
    public void Open_SchemaNewerThanCode_Throws()
    {
        using (SqliteIamStoreContractTests.OpenStore(_directory))
        {
        }

        Execute("PRAGMA user_version = 99;");

        var act = () => SqliteIamStoreContractTests.OpenStore(_directory);
        act.Should().Throw<InvalidOperationException>().WithMessage("*schema version 99 is newer*");
    }

    [Test]
    public async Task Open_ExistingFile_KeepsRecordsAcrossReopen()
    {
        using (var store = SqliteIamStoreContractTests.OpenStore(_directory))
        {
            await store.WriteAsync([StoreWrite.Create("k", "v", "secret-value")]);
        }

        using var reopened = SqliteIamStoreContractTests.OpenStore(_directory);
        (await reopened.GetAsync("k")).Should().Be(new StoreRecord("k", 1, "v", "secret-value"));
    }

    [Test]
    public void Open_SecretKeyOfWrongLength_Throws()
    {
        var act = () => SqliteIamStore.Open(new SqliteIamStoreOptions { DatabasePath = DatabasePath, SecretKey = new byte[16] });

        act.Should().Throw<ArgumentException>().WithMessage("*must be 32 bytes*");
    }

    [Test]
    public async Task CreateAccessKey_SecretIsNotInTheDatabaseFileInTheClear()
    {
        string secret;
        using (var store = SqliteIamStoreContractTests.OpenStore(_directory, syncEveryCommit: true))
        {
            var iam = new IamService(store);
            var root = IamPrincipal.Root(AccountId.Parse("123456789012"));
            (await iam.CreateUserAsync(root, new CreateUserRequest("alice"))).IsSuccess.Should().BeTrue();
            secret = (await iam.CreateAccessKeyAsync(root, new CreateAccessKeyRequest("alice"))).Value.SecretAccessKey;
            (await store.GetAsync(IamKeys.AccessKey((await iam.ListAccessKeysAsync(root, new ListAccessKeysRequest("alice"))).Value.Items[0].AccessKeyId)))!.Secret.Should().Be(secret);
        }

        SqliteConnection.ClearAllPools();
        var bytes = Directory.GetFiles(_directory).SelectMany(File.ReadAllBytes).ToArray();
        bytes.Should().NotBeEmpty();
        IndexOf(bytes, Encoding.UTF8.GetBytes(secret)).Should().Be(-1, "the secret must be sealed at rest (main file and WAL)");
        IndexOf(bytes, Encoding.UTF8.GetBytes("alice")).Should().BeGreaterThan(-1, "the scan sees the file's plain content");
    }

    [Test]
    public async Task Get_SealedSecretMovedToAnotherRecord_DoesNotOpen()
    {
        using var store = SqliteIamStoreContractTests.OpenStore(_directory);
        await store.WriteAsync([StoreWrite.Create("key/A", "{}", "secret-a"), StoreWrite.Create("key/B", "{}", "secret-b")]);

        Execute("UPDATE records SET secret = (SELECT secret FROM records WHERE key = 'key/A') WHERE key = 'key/B';");

        var act = async () => await store.GetAsync("key/B");
        await act.Should().ThrowAsync<System.Security.Cryptography.CryptographicException>();
    }

    [Test]
    public async Task Get_WithPreviousKeyAfterRotation_OpensOldSecrets()
    {
        using (var store = SqliteIamStoreContractTests.OpenStore(_directory))
        {
            await store.WriteAsync([StoreWrite.Create("k", "{}", "old-secret")]);
        }

        var newKey = Enumerable.Repeat((byte)7, 32).ToArray();
        using var rotated = SqliteIamStore.Open(new SqliteIamStoreOptions
        {
            DatabasePath = DatabasePath,
            SecretKey = newKey,
            SecretKeyId = "k2",
            PreviousSecretKeys = new Dictionary<string, byte[]> { ["k1"] = SqliteIamStoreContractTests.TestKey },
        });

        (await rotated.GetAsync("k"))!.Secret.Should().Be("old-secret");
    }

    [Test]
    public async Task Write_ConnectionDisposedMidTransaction_LeavesOldState()
    {
        using var store = SqliteIamStoreContractTests.OpenStore(_directory);
        await store.WriteAsync([StoreWrite.Create("iam/1/role/r", "old-role"), StoreWrite.Create("iam/1/policy/p", "old-policy")]);
        store.AfterWriteStatement = (connection, index) =>
        {
            if (index == 0)
            {
                // The process dies between the two statements of one atomic batch.
                connection.Dispose();
                throw new IOException("simulated crash");
            }
        };

        var act = async () => await store.WriteAsync([StoreWrite.Update("iam/1/role/r", 1, "new-role"), StoreWrite.Update("iam/1/policy/p", 1, "new-policy")]);
        await act.Should().ThrowAsync<Exception>();
        store.AfterWriteStatement = null;
        SqliteConnection.ClearAllPools();

        using var reopened = SqliteIamStoreContractTests.OpenStore(_directory);
        (await reopened.GetAsync("iam/1/role/r")).Should().Be(new StoreRecord("iam/1/role/r", 1, "old-role"));
        (await reopened.GetAsync("iam/1/policy/p")).Should().Be(new StoreRecord("iam/1/policy/p", 1, "old-policy"));
    }

    [Test]
    public async Task Write_CrashAfterCommit_LeavesNewState()
    {
        using var store = SqliteIamStoreContractTests.OpenStore(_directory, syncEveryCommit: true);
        await store.WriteAsync([StoreWrite.Create("a", "1"), StoreWrite.Create("b", "1")]);

        await store.WriteAsync([StoreWrite.Update("a", 1, "2"), StoreWrite.Update("b", 1, "2")]);
        SqliteConnection.ClearAllPools();

        using var reopened = SqliteIamStoreContractTests.OpenStore(_directory);
        (await reopened.ListAsync(string.Empty, null, 10)).Records.Select(r => (r.Key, r.Version, r.Value)).Should().Equal(("a", 2L, "2"), ("b", 2L, "2"));
    }

    [Test]
    public async Task IamService_OnSqlite_PersistsRolesAcrossRestart()
    {
        var root = IamPrincipal.Root(AccountId.Parse("123456789012"));
        using (var store = SqliteIamStoreContractTests.OpenStore(_directory))
        {
            var iam = new IamService(store);
            (await iam.CreateRoleAsync(root, new CreateRoleRequest("R", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""", "/p/", MaxSessionDuration: 7200))).IsSuccess.Should().BeTrue();
        }

        using var reopened = SqliteIamStoreContractTests.OpenStore(_directory);
        var role = (await new IamService(reopened).GetRoleAsync(root, new GetRoleRequest("r"))).Value;
        role.Arn.Should().Be("arn:aws:iam::123456789012:role/p/R");
        role.MaxSessionDuration.Should().Be(7200);
    }

    private string Pragma(string name)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
