using System.Globalization;
using System.Text.Json.Nodes;
using KubeSharp.Api.Selectors;
using KubeSharp.ApiServer.Registry;
using KubeSharp.ApiServer.Registry.Watch;
using KubeSharp.Storage;

namespace KubeSharp.ApiServer.Tests.Registry.Watch;

/// <summary>The watch cache on a real SQLite store: shared serialisation, the window, namespaces and selectors.</summary>
public sealed class WatchCacheTests : IAsyncLifetime
{
    private static readonly ResourceInfo ConfigMaps = BuiltInResources.Resources.First(r => r.Group.Length == 0 && r.Plural == "configmaps");
    private readonly string _dir = Directory.CreateTempSubdirectory("kubesharp-watchcache-").FullName;
    private IStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await StoreFactory.CreateAsync(null, _dir, new StoreOptions(), null, CancellationToken.None);

        // A server's store always has a revision (its bootstrap objects); the cache needs one to start its window at.
        await _store.CreateAsync("/registry/namespaces/default", "{}"u8.ToArray(), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token;

    private WatchCache NewCache(int capacity = WatchCache.DefaultCapacity) =>
        new(_store, StorageKeys.Prefix(ConfigMaps), revision => new JsonObject { ["kind"] = "ConfigMap", ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture) } }, capacity);

    private static JsonObject ConfigMap(string ns, string name, string? label = null) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = ns,
            ["labels"] = label is null ? new JsonObject() : new JsonObject { ["app"] = label },
        },
        ["data"] = new JsonObject { ["k"] = "v" },
    };

    private Task<StoreEntry> CreateAsync(string ns, string name, string? label = null) =>
        _store.CreateAsync(StorageKeys.Key(ConfigMaps, ns, name), StoredObject.Encode(ConfigMap(ns, name, label)), CancellationToken.None);

    private Task<StoreEntry> UpdateAsync(StoreEntry entry, string ns, string name, string? label) =>
        _store.UpdateAsync(entry.Key, StoredObject.Encode(ConfigMap(ns, name, label)), entry.ModRevision, CancellationToken.None);

    private static async Task<WatchEvent> NextAsync(CacheWatcher watcher) => await watcher.Reader.ReadAsync(Timeout);

    [Fact]
    public async Task JoinAsync_TwoWatchers_ShareOneDecodeAndOneSerialisation()
    {
        var cache = NewCache();
        var from = await _store.GetCurrentRevisionAsync(CancellationToken.None);
        var a = (await cache.JoinAsync(StorageKeys.Prefix(ConfigMaps), from, new ListOptions(), Timeout))!;
        var b = (await cache.JoinAsync(StorageKeys.Prefix(ConfigMaps), from, new ListOptions(), Timeout))!;

        var created = await CreateAsync("default", "one");
        var ea = await NextAsync(a);
        var eb = await NextAsync(b);

        Assert.Equal("ADDED", ea.Type);
        Assert.Same(ea.Shared, eb.Shared);
        Assert.Same(ea.Shared!.For(ConfigMaps, "v1"), eb.Shared!.For(ConfigMaps, "v1"));
        var sent = JsonNode.Parse(ea.Shared.For(ConfigMaps, "v1"))!;
        Assert.Equal(created.ModRevision.ToString(CultureInfo.InvariantCulture), sent["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal("one", sent["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task JoinAsync_RevisionInWindow_ReplaysLaterChangesOnly()
    {
        var cache = NewCache();
        var start = await _store.GetCurrentRevisionAsync(CancellationToken.None);
        var live = (await cache.JoinAsync(StorageKeys.Prefix(ConfigMaps), start, new ListOptions(), Timeout))!;
        var first = await CreateAsync("default", "first");
        await CreateAsync("default", "second");
        await NextAsync(live);
        await NextAsync(live);

        var late = (await cache.JoinAsync(StorageKeys.Prefix(ConfigMaps), first.ModRevision, new ListOptions(), Timeout))!;

        var replayed = await NextAsync(late);
        Assert.Equal("second", replayed.Object["metadata"]!["name"]!.GetValue<string>());
        Assert.False(late.Reader.TryRead(out _));
    }

    [Fact]
    public async Task JoinAsync_RevisionOlderThanWindow_ReturnsNullSoTheStoreServesIt()
    {
        var cache = NewCache(capacity: 2);
        var start = await _store.GetCurrentRevisionAsync(CancellationToken.None);
        var live = (await cache.JoinAsync(StorageKeys.Prefix(ConfigMaps), start, new ListOptions(), Timeout))!;
        for (var i = 0; i < 3; i++)
        {
            await CreateAsync("default", $"cm-{i}");
            await NextAsync(live);
        }

        Assert.Null(await cache.JoinAsync(StorageKeys.Prefix(ConfigMaps), start, new ListOptions(), Timeout));
        Assert.NotNull(await cache.JoinAsync(StorageKeys.Prefix(ConfigMaps), start + 1, new ListOptions(), Timeout));
    }

    [Fact]
    public async Task JoinAsync_RevisionCompactedInStore_ReturnsNullEvenInsideWindow()
    {
        var cache = NewCache();
        var start = await _store.GetCurrentRevisionAsync(CancellationToken.None);
        var live = (await cache.JoinAsync(StorageKeys.Prefix(ConfigMaps), start, new ListOptions(), Timeout))!;
        await CreateAsync("default", "a");
        var b = await CreateAsync("default", "b");
        await NextAsync(live);
        await NextAsync(live);

        await _store.CompactAsync(b.ModRevision, CancellationToken.None);

        Assert.Null(await cache.JoinAsync(StorageKeys.Prefix(ConfigMaps), start, new ListOptions(), Timeout));
        Assert.NotNull(await cache.JoinAsync(StorageKeys.Prefix(ConfigMaps), b.ModRevision, new ListOptions(), Timeout));
    }

    [Fact]
    public async Task JoinAsync_NamespacePrefix_GetsOnlyThatNamespace()
    {
        var cache = NewCache();
        var from = await _store.GetCurrentRevisionAsync(CancellationToken.None);
        var watcher = (await cache.JoinAsync(StorageKeys.ListPrefix(ConfigMaps, "b"), from, new ListOptions(), Timeout))!;

        await CreateAsync("a", "x");
        await CreateAsync("b", "y");

        var e = await NextAsync(watcher);
        Assert.Equal("b", e.Object["metadata"]!["namespace"]!.GetValue<string>());
    }

    [Fact]
    public async Task JoinAsync_LabelSelector_SendsAddedWhenMatchingAndDeletedWhenNoLonger()
    {
        var cache = NewCache();
        var from = await _store.GetCurrentRevisionAsync(CancellationToken.None);
        var options = new ListOptions { Labels = LabelSelector.Parse("app=web") };
        var watcher = (await cache.JoinAsync(StorageKeys.Prefix(ConfigMaps), from, options, Timeout))!;

        var v1 = await CreateAsync("default", "sel", label: "db");
        var v2 = await UpdateAsync(v1, "default", "sel", "web");
        var v3 = await UpdateAsync(v2, "default", "sel", "web");
        await UpdateAsync(v3, "default", "sel", "db");

        Assert.Equal(["ADDED", "MODIFIED", "DELETED"], [(await NextAsync(watcher)).Type, (await NextAsync(watcher)).Type, (await NextAsync(watcher)).Type]);
    }

    [Fact]
    public async Task JoinAsync_FirstWatcherFromOlderRevision_StartsTheWindowThere()
    {
        var cache = NewCache();
        var start = await _store.GetCurrentRevisionAsync(CancellationToken.None);
        await CreateAsync("default", "before-first-watch");

        var watcher = (await cache.JoinAsync(StorageKeys.Prefix(ConfigMaps), start, new ListOptions(), Timeout))!;

        Assert.Equal("before-first-watch", (await NextAsync(watcher)).Object["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task JoinAsync_EmptyStore_ReturnsNull()
    {
        await using var empty = await StoreFactory.CreateAsync(null, Path.Combine(_dir, "empty"), new StoreOptions(), null, CancellationToken.None);
        var cache = new WatchCache(empty, StorageKeys.Prefix(ConfigMaps), _ => new JsonObject());

        Assert.Null(await cache.JoinAsync(StorageKeys.Prefix(ConfigMaps), 0, new ListOptions(), Timeout));
    }

    [Fact]
    public async Task Leave_Watcher_StopsFeedingIt()
    {
        var cache = NewCache();
        var from = await _store.GetCurrentRevisionAsync(CancellationToken.None);
        var watcher = (await cache.JoinAsync(StorageKeys.Prefix(ConfigMaps), from, new ListOptions(), Timeout))!;

        cache.Leave(watcher);

        Assert.Equal(0, cache.WatcherCount);
        Assert.False(await watcher.Reader.WaitToReadAsync(Timeout));
    }
}
