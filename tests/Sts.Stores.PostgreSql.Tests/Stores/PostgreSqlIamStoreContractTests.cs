using Sts.Core.Stores;
using Sts.Core.Tests.Stores;

namespace Sts.Stores.PostgreSql.Tests.Stores;

/// <summary>The shared store contract (the same suite the in-memory and SQLite stores pass) on PostgreSQL, a fresh database per test.</summary>
[TestFixture]
public sealed class PostgreSqlIamStoreContractTests : IamStoreContractTests
{
    protected override IIamStore CreateStore() =>
        PostgreSqlClusterSetup.OpenStoreOnNewDatabaseAsync().GetAwaiter().GetResult().Store;

    protected override void DestroyStore(IIamStore store) => ((PostgreSqlIamStore)store).DisposeAsync().AsTask().GetAwaiter().GetResult();
}
