using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using KubeSharp.Api.Objects;
using KubeSharp.ApiServer;
using KubeSharp.ApiServer.Registry;

namespace KubeSharp.Bench;

/// <summary>
/// The API server's registry called in-process, without HTTP, TLS or response serialization: between the raw store and
/// the HTTPS figures, it shows which side of the registry the API's cost lies on.
/// </summary>
internal sealed class RegistryTarget : IBenchTarget
{
    private readonly ApiServerHost _server;
    private readonly ResourceRegistry _configMaps;
    private readonly string _namespacePrefix = $"bench-{Guid.NewGuid().ToString("N")[..6]}-";
    private readonly ConcurrentDictionary<(string Set, int Index), string> _revisions = new();

    private RegistryTarget(ApiServerHost server)
    {
        _server = server;
        _configMaps = server.Catalog.Find("", "v1", "configmaps") ?? throw new InvalidOperationException("no configmaps resource");
    }

    public static async Task<RegistryTarget> OpenAsync(ApiServerHost server, CancellationToken cancellationToken)
    {
        var target = new RegistryTarget(server);
        var namespaces = server.Catalog.Find("", "v1", "namespaces") ?? throw new InvalidOperationException("no namespaces resource");
        foreach (var set in Workload.Sets)
        {
            var ns = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = target._namespacePrefix + set } };
            await namespaces.CreateAsync("", ns, new WriteOptions(), cancellationToken);
        }

        return target;
    }

    public async Task CreateAsync(string set, int index, CancellationToken cancellationToken)
    {
        var created = await _configMaps.CreateAsync(_namespacePrefix + set, ConfigMap(index, null), new WriteOptions(), cancellationToken);
        _revisions[(set, index)] = Meta.ResourceVersion(created);
    }

    public Task GetAsync(string set, int index, CancellationToken cancellationToken) =>
        _configMaps.GetAsync(_namespacePrefix + set, Name(index), cancellationToken);

    public async Task UpdateAsync(string set, int index, CancellationToken cancellationToken)
    {
        var (updated, _) = await _configMaps.ReplaceAsync(_namespacePrefix + set, Name(index), "", ConfigMap(index, _revisions[(set, index)]),
            new WriteOptions(), cancellationToken);
        _revisions[(set, index)] = Meta.ResourceVersion(updated);
    }

    public async Task<int> ListAsync(string set, int pageSize, CancellationToken cancellationToken)
    {
        var count = 0;
        var options = new ListOptions { Limit = pageSize };
        while (true)
        {
            var page = await _configMaps.ListAsync(_namespacePrefix + set, options, cancellationToken);
            count += page.Items.Count;
            if (page.Continue is null)
            {
                return count;
            }

            options = options with { Continue = page.Continue };
        }
    }

    public async Task<Task> WatchAsync(string set, int events, Action onEvent, CancellationToken cancellationToken)
    {
        var from = (await _server.Store.GetCurrentRevisionAsync(cancellationToken)).ToString(CultureInfo.InvariantCulture);
        return Task.Run(async () =>
        {
            var seen = 0;
            await foreach (var e in _configMaps.WatchAsync(_namespacePrefix + set, new ListOptions { ResourceVersion = from }, cancellationToken))
            {
                if (e.Type != "ADDED")
                {
                    throw new InvalidOperationException($"unexpected watch event {e.Type}: {e.Object.ToJsonString()}");
                }

                onEvent();
                if (++seen == events)
                {
                    break;
                }
            }
        }, cancellationToken);
    }

    /// <summary>The same object the HTTPS client sends, parsed as the server parses a request body.</summary>
    private static JsonObject ConfigMap(int index, string? resourceVersion) =>
        JsonNode.Parse(ApiTarget.ConfigMapJson(Name(index), resourceVersion))!.AsObject();

    private static string Name(int index) => ApiTarget.Name(index);
}
