using Sts.Core.Stores;
using Sts.Core.Stores.Sqlite;

namespace Sts.Core.Tests.Stores;

[TestFixture]
public sealed class SqliteIamStoreContractTests : IamStoreContractTests
{
    private readonly Dictionary<IIamStore, string> _directories = [];

    internal static byte[] TestKey { get; } = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    internal static SqliteIamStore OpenStore(string directory, bool syncEveryCommit = false) => SqliteIamStore.Open(new SqliteIamStoreOptions
    {
        DatabasePath = Path.Combine(directory, "iam.db"),
        SecretKey = TestKey,
        SyncEveryCommit = syncEveryCommit,
    });

    protected override IIamStore CreateStore()
    {
        var directory = Directory.CreateTempSubdirectory("sts-sqlite-").FullName;
        var store = OpenStore(directory);
        _directories[store] = directory;
        return store;
    }

    protected override void DestroyStore(IIamStore store)
    {
        ((SqliteIamStore)store).Dispose();
        Directory.Delete(_directories[store], recursive: true);
        _directories.Remove(store);
    }
}
