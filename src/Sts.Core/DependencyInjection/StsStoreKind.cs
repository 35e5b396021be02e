namespace Sts.Core.DependencyInjection;

/// <summary>Where <see cref="StsServiceCollectionExtensions.AddSts"/> keeps IAM data (accounts, users, roles, policies, keys).</summary>
public enum StsStoreKind
{
    /// <summary>In process memory (<see cref="Stores.InMemory.InMemoryIamStore"/>): lost when the process ends. The default.</summary>
    InMemory = 0,

    /// <summary>A SQLite database file (<see cref="Stores.Sqlite.SqliteIamStore"/>): needs <see cref="StsOptions.SqliteDatabasePath"/> and <see cref="StsOptions.SqliteSecretKey"/>.</summary>
    Sqlite = 1,
}
