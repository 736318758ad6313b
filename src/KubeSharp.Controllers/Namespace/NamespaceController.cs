using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using k8s.Models;
using KubeSharp.Client;
using KubeSharp.Controllers.GarbageCollector;
using KubeSharp.Controllers.Runtime;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.Namespace;

/// <summary>
/// Upstream's namespace controller: a namespace being deleted (deletionTimestamp set, "kubernetes" in spec.finalizers) has all
/// its content deleted; while anything remains it is looked at again after a while, with its deletion conditions kept up to
/// date; once empty, "kubernetes" is removed through namespaces/{name}/finalize and the API server deletes the namespace.
/// </summary>
internal sealed class NamespaceController : IController
{
    private const string KubernetesFinalizer = "kubernetes";

    private readonly ControllerContext _context;
    private readonly DynamicClient _client;
    private readonly NamespacedResourcesDeleter _deleter;
    private readonly ILogger _logger;
    private readonly WorkQueue<string> _queue;

    public NamespaceController(ControllerContext context)
    {
        _context = context;
        _client = new DynamicClient(context.Client);
        _deleter = new NamespacedResourcesDeleter(_client);
        _logger = context.Loggers.CreateLogger<NamespaceController>();
        _queue = new WorkQueue<string>(context.Time);
        context.Informers.Namespaces().AddEventHandler(Enqueue, (_, ns) => Enqueue(ns), null);
    }

    public string Name => "namespace";

    public Task RunAsync(CancellationToken cancellationToken) =>
        ControllerLoop.RunWorkersAsync(_queue, _context.Options.Workers, SyncAsync, _logger, cancellationToken);

    private void Enqueue(V1Namespace ns)
    {
        if (ns.Metadata?.DeletionTimestamp is not null)
        {
            _queue.Add(ns.Metadata.Name);
        }
    }

    private async Task SyncAsync(string name, CancellationToken cancellationToken)
    {
        var path = $"api/v1/namespaces/{Uri.EscapeDataString(name)}";
        var ns = await GetAsync(path, cancellationToken).ConfigureAwait(false);
        if (ns?["metadata"] is not JsonObject meta || meta["deletionTimestamp"] is null || !HasKubernetesFinalizer(ns))
        {
            return;
        }

        var result = await _deleter.DeleteAllContentAsync(name, cancellationToken).ConfigureAwait(false);
        var now = _context.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        if (result.Conditions.Apply(ns, now))
        {
            ns = await _client.PutPathAsync(path + "/status", ns, cancellationToken).ConfigureAwait(false);
        }

        if (!result.Complete)
        {
            // Like upstream: come back after half the longest pending grace period (at least a second).
            _queue.AddAfter(name, TimeSpan.FromSeconds((result.EstimateSeconds / 2) + 1));
            return;
        }

        var spec = ns["spec"] as JsonObject ?? [];
        ns["spec"] = spec;
        spec["finalizers"] = new JsonArray([.. (spec["finalizers"] as JsonArray ?? [])
            .Select(f => f?.GetValue<string>())
            .Where(f => f != KubernetesFinalizer)
            .Select(f => (JsonNode?)JsonValue.Create(f))]);
        try
        {
            await _client.PutPathAsync(path + "/finalize", ns, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiRequestException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    private async Task<JsonObject?> GetAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.GetPathAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiRequestException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static bool HasKubernetesFinalizer(JsonObject ns) =>
        ((ns["spec"] as JsonObject)?["finalizers"] as JsonArray ?? []).Any(f => f?.GetValue<string>() == KubernetesFinalizer);
}
