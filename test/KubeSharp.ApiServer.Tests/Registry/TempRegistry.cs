using System.Text.Json.Nodes;
using KubeSharp.ApiServer.Registry;
using KubeSharp.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.ApiServer.Tests.Registry;

/// <summary>A SQLite store in a temporary directory, a resource catalog over it (through <c>wrap</c>, when given) and the
/// <c>default</c> namespace; disposing removes it all.</summary>
internal sealed class TempRegistry : IAsyncDisposable
{
    private readonly string _dir;
    private readonly IStore _store;

    private TempRegistry(string dir, IStore store, ResourceCatalog catalog)
    {
        _dir = dir;
        _store = store;
        Catalog = catalog;
    }

    public ResourceCatalog Catalog { get; }

    public static async Task<TempRegistry> CreateAsync(Func<IStore, IStore>? wrap = null)
    {
        var dir = Directory.CreateTempSubdirectory("ks-registry-").FullName;
        var store = await StoreFactory.CreateAsync(null, dir, new StoreOptions(), NullLoggerFactory.Instance, CancellationToken.None);
        var catalog = new ResourceCatalog(wrap?.Invoke(store) ?? store, TimeProvider.System);
        await catalog.Get("", "namespaces").CreateAsync("",
            new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = "default" } },
            new WriteOptions(), CancellationToken.None);
        return new TempRegistry(dir, store, catalog);
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
