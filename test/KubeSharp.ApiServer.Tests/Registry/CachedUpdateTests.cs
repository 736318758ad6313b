using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using KubeSharp.ApiServer.Registry;
using KubeSharp.Storage;

namespace KubeSharp.ApiServer.Tests.Registry;

/// <summary>
/// Writes start from the watch cache's entry, which may be behind the store: they must then behave exactly as if they had
/// read the store (no spurious conflict, no stale no-op, no lost update).
/// </summary>
public sealed class CachedUpdateTests : IAsyncLifetime
{
    private TempRegistry _registry = null!;
    private GatedWatchStore _gate = null!;
    private ResourceRegistry _configMaps = null!;

    public async Task InitializeAsync()
    {
        _registry = await TempRegistry.CreateAsync(inner =>
        {
            (var store, _gate) = GatedWatchStore.Wrap(inner);
            return store;
        });
        _configMaps = _registry.Catalog.Get("", "configmaps");
    }

    public async Task DisposeAsync()
    {
        _gate.Open();
        await _registry.DisposeAsync();
    }

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token;

    private static JsonObject ConfigMap(string value, string? resourceVersion = null)
    {
        var metadata = new JsonObject { ["name"] = "cm", ["namespace"] = "default" };
        if (resourceVersion is not null)
        {
            metadata["resourceVersion"] = resourceVersion;
        }

        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = metadata, ["data"] = new JsonObject { ["k"] = value } };
    }

    private static string Rv(JsonObject obj) => obj["metadata"]!["resourceVersion"]!.GetValue<string>();

    private static Func<JsonObject?, JsonObject> Set(string key, string value) => current =>
    {
        current!["data"]![key] = value;
        return current;
    };

    /// <summary>Creates cm (data k=v1), starts the watch cache, then writes k=v2 while the cache's feed is held back.</summary>
    private async Task<(JsonObject First, JsonObject Second)> CacheBehindAsync()
    {
        var first = await _configMaps.CreateAsync("default", ConfigMap("v1"), new WriteOptions(), Timeout);
        var watcher = await _configMaps.WatchCache.JoinAsync(StorageKeys.Prefix(_configMaps.Resource), long.Parse(Rv(first)), new ListOptions(), Timeout);
        Assert.NotNull(watcher);
        var key = StorageKeys.Key(_configMaps.Resource, "default", "cm");
        Assert.True(_configMaps.WatchCache.TryGet(key, out var cached));
        Assert.Equal(long.Parse(Rv(first)), cached.ModRevision);

        _gate.Hold();
        var (second, _) = await _configMaps.UpdateAsync("default", "cm", "", Set("k", "v2"), false, new WriteOptions(), Timeout);
        Assert.True(_configMaps.WatchCache.TryGet(key, out cached));
        Assert.Equal(long.Parse(Rv(first)), cached.ModRevision);
        return (first, second);
    }

    [Fact]
    public async Task Replace_NewestResourceVersionWhileCacheBehind_SucceedsWithoutConflict()
    {
        var (_, second) = await CacheBehindAsync();

        var (replaced, _) = await _configMaps.ReplaceAsync("default", "cm", "", ConfigMap("v3", Rv(second)), new WriteOptions(), Timeout);

        Assert.Equal("v3", replaced["data"]!["k"]!.GetValue<string>());
        Assert.True(long.Parse(Rv(replaced)) > long.Parse(Rv(second)));
    }

    [Fact]
    public async Task Update_BackToTheCachedValue_IsWrittenNotAStaleNoOp()
    {
        var (first, second) = await CacheBehindAsync();

        var (result, _) = await _configMaps.UpdateAsync("default", "cm", "", Set("k", "v1"), false, new WriteOptions(), Timeout);

        Assert.Equal("v1", result["data"]!["k"]!.GetValue<string>());
        Assert.NotEqual(Rv(first), Rv(result));
        Assert.True(long.Parse(Rv(result)) > long.Parse(Rv(second)));
        var stored = await _configMaps.GetAsync("default", "cm", Timeout);
        Assert.Equal("v1", stored["data"]!["k"]!.GetValue<string>());
        Assert.Equal(Rv(result), Rv(stored));
    }

    [Fact]
    public async Task Update_AnotherFieldWhileCacheBehind_KeepsTheNewerWrite()
    {
        await CacheBehindAsync();

        var (result, _) = await _configMaps.UpdateAsync("default", "cm", "", Set("other", "x"), false, new WriteOptions(), Timeout);

        Assert.Equal("v2", result["data"]!["k"]!.GetValue<string>());
        Assert.Equal("x", result["data"]!["other"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_CacheCaughtUp_StartsFromTheCacheAndWrites()
    {
        var (_, second) = await CacheBehindAsync();
        _gate.Open();
        var key = StorageKeys.Key(_configMaps.Resource, "default", "cm");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        StoreEntry? cached;
        while (!_configMaps.WatchCache.TryGet(key, out cached) || cached.ModRevision != long.Parse(Rv(second)))
        {
            Assert.True(DateTime.UtcNow < deadline, "the cache never caught up");
            await Task.Delay(10);
        }

        var reads = _gate.Gets;
        var (result, _) = await _configMaps.UpdateAsync("default", "cm", "", Set("k", "v3"), false, new WriteOptions(), Timeout);

        Assert.Equal("v3", result["data"]!["k"]!.GetValue<string>());
        Assert.Equal(reads, _gate.Gets);
    }

    [Fact]
    public async Task RecentReads_CacheNotRunning_ReadTheStore()
    {
        await _configMaps.CreateAsync("default", ConfigMap("v1"), new WriteOptions(), Timeout);
        var reads = _gate.Gets;

        Assert.Equal("v1", (await _configMaps.TryGetRecentAsync("default", "cm", Timeout))!["data"]!["k"]!.GetValue<string>());
        Assert.Null(await _configMaps.TryGetRecentAsync("default", "absent", Timeout));
        Assert.Equal(["cm"], (await _configMaps.ListRecentAsync("default", Timeout)).Select(o => o["metadata"]!["name"]!.GetValue<string>()));
        Assert.Equal(reads + 2, _gate.Gets);
    }

    [Fact]
    public async Task RecentReads_CacheRunning_AnswerFromItWithoutReadingTheStore()
    {
        var (first, _) = await CacheBehindAsync();
        var reads = _gate.Gets;

        var recent = (await _configMaps.TryGetRecentAsync("default", "cm", Timeout))!;
        var listed = await _configMaps.ListRecentAsync("default", Timeout);

        Assert.Equal(reads, _gate.Gets);
        Assert.Equal(Rv(first), Rv(recent));
        Assert.Equal("v1", recent["data"]!["k"]!.GetValue<string>());
        Assert.Equal(Rv(first), Rv(Assert.Single(listed)));
        Assert.Empty(await _configMaps.ListRecentAsync("other", Timeout));
    }

    /// <summary>A store whose watch events can be held back (the watch cache then falls behind), and which counts its reads.</summary>
    public class GatedWatchStore : DispatchProxy
    {
        private IStore _target = null!;
        private volatile TaskCompletionSource _open = CompletedGate();
        private int _gets;

        public int Gets => Volatile.Read(ref _gets);

        public static (IStore Store, GatedWatchStore Control) Wrap(IStore target)
        {
            var proxy = Create<IStore, GatedWatchStore>();
            var control = (GatedWatchStore)(object)proxy;
            control._target = target;
            return (proxy, control);
        }

        public void Hold() => _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Open() => _open.TrySetResult();

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            if (method!.Name == nameof(IStore.GetAsync))
            {
                Interlocked.Increment(ref _gets);
            }

            var result = method.Invoke(_target, args);
            return method.Name == nameof(IStore.WatchAsync) ? Gated((IAsyncEnumerable<StoreWatchEvent>)result!, (CancellationToken)args![2]!) : result;
        }

        private static TaskCompletionSource CompletedGate()
        {
            var open = new TaskCompletionSource();
            open.SetResult();
            return open;
        }

        private async IAsyncEnumerable<StoreWatchEvent> Gated(IAsyncEnumerable<StoreWatchEvent> events, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var e in events.WithCancellation(cancellationToken))
            {
                await _open.Task.WaitAsync(cancellationToken);
                yield return e;
            }
        }
    }
}
