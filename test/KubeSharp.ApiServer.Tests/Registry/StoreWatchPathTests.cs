using System.Globalization;
using System.Text.Json.Nodes;
using KubeSharp.Api.Selectors;
using KubeSharp.ApiServer.Registry;
using KubeSharp.ApiServer.Registry.Watch;

namespace KubeSharp.ApiServer.Tests.Registry;

/// <summary>A watch from before the watch cache's window is served from the store, with the same events and bytes.</summary>
public sealed class StoreWatchPathTests : IAsyncLifetime
{
    private TempRegistry _registry = null!;
    private ResourceRegistry _configMaps = null!;

    public async Task InitializeAsync()
    {
        _registry = await TempRegistry.CreateAsync();
        _configMaps = _registry.Catalog.Get("", "configmaps");
    }

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    private static JsonObject ConfigMap(string name, string app) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default", ["labels"] = new JsonObject { ["app"] = app } },
    };

    private Task<(JsonObject Object, bool Created)> RelabelAsync(string name, string app) =>
        _configMaps.UpdateAsync("default", name, "", current =>
        {
            current!["metadata"]!["labels"]!["app"] = app;
            return current;
        }, false, new WriteOptions(), Timeout);

    [Fact]
    public async Task WatchAsync_FromBeforeTheWindow_SelectorTransitionsAndSplicedBytes()
    {
        var first = await _configMaps.CreateAsync("default", ConfigMap("watched", "a"), new WriteOptions(), Timeout);
        var from = first["metadata"]!["resourceVersion"]!.GetValue<string>();

        // Start the cache, then push the watched changes out of its window.
        var early = await _configMaps.WatchCache.JoinAsync(StorageKeys.Prefix(_configMaps.Resource), long.Parse(from, CultureInfo.InvariantCulture),
            new ListOptions(), Timeout);
        Assert.NotNull(early);
        _configMaps.WatchCache.Leave(early);
        var changed = (await RelabelAsync("watched", "b")).Object;
        for (var i = 0; i < WatchCache.DefaultCapacity + 10; i++)
        {
            await _configMaps.CreateAsync("default", ConfigMap($"filler-{i}", "x"), new WriteOptions(), Timeout);
        }

        await RelabelAsync("watched", "a");
        await _configMaps.DeleteAsync("default", "watched", new DeleteOptions(), Timeout);
        var options = new ListOptions { ResourceVersion = from, Labels = LabelSelector.Parse("app=a") };
        Assert.Null(await _configMaps.WatchCache.JoinAsync(StorageKeys.Prefix(_configMaps.Resource), long.Parse(from, CultureInfo.InvariantCulture),
            options, Timeout));

        var events = new List<WatchEvent>();
        await foreach (var e in _configMaps.WatchAsync("default", options, Timeout))
        {
            events.Add(e);
            if (events.Count == 3)
            {
                break;
            }
        }

        Assert.Equal(["DELETED", "ADDED", "DELETED"], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal("watched", e.Object["metadata"]!["name"]!.GetValue<string>()));
        var sent = JsonNode.Parse(events[0].Shared!.For(_configMaps.Resource, "v1"))!;
        Assert.Equal(changed["metadata"]!["resourceVersion"]!.GetValue<string>(), sent["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal("b", sent["metadata"]!["labels"]!["app"]!.GetValue<string>());
    }
}
