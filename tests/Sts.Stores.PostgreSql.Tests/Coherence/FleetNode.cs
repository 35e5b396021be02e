using Sts.Core.Iam;

namespace Sts.Stores.PostgreSql.Tests.Coherence;

/// <summary>One node of a test fleet: its own store (connection pool and listener) and its own IAM service and cache.</summary>
internal sealed class FleetNode(PostgreSqlIamStore store, IamService iam) : IAsyncDisposable
{
    public PostgreSqlIamStore Store { get; } = store;

    public IamService Iam { get; } = iam;

    /// <summary>
    /// Opens a node. Its cache never expires entries on its own (no time to live), so a change made elsewhere can only
    /// reach it through the change feed: the tests measure the feed, not a timeout.
    /// </summary>
    public static async Task<FleetNode> OpenAsync(string connectionString, PostgreSqlIamStoreOptions? template = null)
    {
        var store = await PostgreSqlClusterSetup.OpenStoreAsync(connectionString, template);
        return new FleetNode(store, new IamService(store, new IamServiceOptions { CacheTimeToLive = null }));
    }

    public ValueTask DisposeAsync() => Store.DisposeAsync();
}
