using KubeSharp.Storage.Etcd;
using KubeSharp.Storage.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Storage;

public static class StoreFactory
{
    /// <summary>The SQLite file's place under the data directory.</summary>
    public static string SqlitePath(string dataDir) => Path.Combine(dataDir, "server", "db", "state.db");

    /// <summary>
    /// Opens the store: the embedded SQLite store in <c>&lt;dataDir&gt;/server/db/state.db</c> when
    /// <paramref name="datastoreEndpoint"/> is null or empty, etcd when it is a comma-separated list of http:// or
    /// https:// URLs (checked by reading the current revision, so a wrong endpoint fails here).
    /// </summary>
    public static async Task<IStore> CreateAsync(
        string? datastoreEndpoint, string dataDir, StoreOptions options, ILoggerFactory? loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        loggerFactory ??= NullLoggerFactory.Instance;
        if (string.IsNullOrWhiteSpace(datastoreEndpoint))
        {
            return SqliteStore.Open(SqlitePath(dataDir), options, loggerFactory.CreateLogger<SqliteStore>());
        }

        if (datastoreEndpoint.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || datastoreEndpoint.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var store = new EtcdStore(datastoreEndpoint, options, loggerFactory.CreateLogger<EtcdStore>());
            try
            {
                await store.GetCurrentRevisionAsync(cancellationToken);
            }
            catch
            {
                await store.DisposeAsync();
                throw;
            }

            return store;
        }

        throw new ArgumentException($"unsupported datastore endpoint '{datastoreEndpoint}': expected http:// or https:// etcd URLs", nameof(datastoreEndpoint));
    }
}
