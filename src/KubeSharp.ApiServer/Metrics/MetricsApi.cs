using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Objects;
using KubeSharp.Api.Selectors;
using KubeSharp.ApiServer.Http;
using KubeSharp.ApiServer.Proxy;
using KubeSharp.ApiServer.Registry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KubeSharp.ApiServer.Metrics;

/// <summary>
/// The resource metrics API (metrics.k8s.io/v1beta1) that `kubectl top` reads, served in-process instead of through an
/// aggregated metrics-server: nothing is stored, each request lists the nodes or pods it is about and asks their
/// kubelets' /stats/summary for current usage. Unreachable kubelets and objects without a cpu rate yet are left out of
/// lists, and are NotFound for a get, as metrics-server answers.
/// </summary>
internal sealed partial class MetricsApi(ResourceCatalog catalog, KubeletConnector connector, TimeProvider time, ILogger<MetricsApi> logger)
{
    /// <summary>The kubelet samples its stats this often, so each cpu rate it reports covers about this long.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan KubeletTimeout = TimeSpan.FromSeconds(10);

    public bool Handles(RequestInfo info) => info.Group == MetricsResources.Group;

    public async Task HandleAsync(HttpContext context, RequestInfo info)
    {
        if (info.Version != MetricsResources.Version || info.Resource is not ("nodes" or "pods") || info.Subresource.Length > 0)
        {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource", new StatusDetails("", "", ""));
        }

        if (info.Verb is not ("get" or "list"))
        {
            throw ApiException.MethodNotSupported(info.Group, info.Resource, info.Verb);
        }

        var cancellationToken = context.RequestAborted;
        var query = context.Request.Query;
        var options = new ListOptions
        {
            Labels = LabelSelector.Parse(query["labelSelector"].ToString() is { Length: > 0 } labels ? labels : null),
            Fields = FieldSelector.Parse(query["fieldSelector"].ToString() is { Length: > 0 } fields ? fields : null),
        };
        JsonObject body = (info.Resource, info.Verb) switch
        {
            ("nodes", "get") => await GetNodeAsync(info.Name, cancellationToken).ConfigureAwait(false),
            ("nodes", _) => MetricsObjects.List("NodeMetricsList", await ListNodesAsync(options, cancellationToken).ConfigureAwait(false)),
            (_, "get") => await GetPodAsync(info.Namespace, info.Name, cancellationToken).ConfigureAwait(false),
            _ => MetricsObjects.List("PodMetricsList", await ListPodsAsync(info.Namespace, options, cancellationToken).ConfigureAwait(false)),
        };
        await ResponseWriter.WriteAsync(context, 200, body).ConfigureAwait(false);
    }

    private ResourceRegistry Nodes => catalog.Get("", "nodes");

    private ResourceRegistry Pods => catalog.Get("", "pods");

    private async Task<JsonObject> GetNodeAsync(string name, CancellationToken cancellationToken)
    {
        var node = await Nodes.TryGetAsync("", name, cancellationToken).ConfigureAwait(false) ?? throw ApiException.NotFound("", "nodes", name);
        var summary = await SummaryAsync(node, cancellationToken).ConfigureAwait(false);
        var usage = summary is null ? null : SummaryMetrics.Node(summary);
        return usage is null
            ? throw ApiException.NotFound(MetricsResources.Group, "nodemetrics", name)
            : MetricsObjects.NodeMetrics(node, usage, Window, time.GetUtcNow());
    }

    private async Task<List<JsonObject>> ListNodesAsync(ListOptions options, CancellationToken cancellationToken)
    {
        var nodes = (await Nodes.ListAsync("", options, cancellationToken).ConfigureAwait(false)).Items;
        var summaries = await Task.WhenAll(nodes.Select(n => SummaryAsync(n, cancellationToken))).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var result = new List<JsonObject>();
        for (var i = 0; i < nodes.Count; i++)
        {
            if (summaries[i] is { } summary && SummaryMetrics.Node(summary) is { } usage)
            {
                result.Add(MetricsObjects.NodeMetrics(nodes[i], usage, Window, now));
            }
        }

        return result;
    }

    private async Task<JsonObject> GetPodAsync(string ns, string name, CancellationToken cancellationToken)
    {
        var pod = await Pods.TryGetAsync(ns, name, cancellationToken).ConfigureAwait(false) ?? throw ApiException.NotFound("", "pods", name);
        var metrics = await MetricsOfAsync([pod], cancellationToken).ConfigureAwait(false);
        return metrics.Count == 1 ? metrics[0] : throw ApiException.NotFound(MetricsResources.Group, "podmetrics", ns + "/" + name);
    }

    private async Task<List<JsonObject>> ListPodsAsync(string ns, ListOptions options, CancellationToken cancellationToken)
    {
        var pods = (await Pods.ListAsync(ns, options, cancellationToken).ConfigureAwait(false)).Items;
        return await MetricsOfAsync(pods, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Metrics of the running pods among <paramref name="pods"/>, in their order, from one summary per node.</summary>
    private async Task<List<JsonObject>> MetricsOfAsync(IReadOnlyList<JsonObject> pods, CancellationToken cancellationToken)
    {
        var running = pods.Where(p => Meta.GetString(p["status"] as JsonObject, "phase") == "Running" && NodeName(p).Length > 0).ToList();
        var nodeNames = running.Select(NodeName).Distinct(StringComparer.Ordinal).ToList();
        var usages = await Task.WhenAll(nodeNames.Select(async nodeName =>
        {
            var node = await Nodes.TryGetAsync("", nodeName, cancellationToken).ConfigureAwait(false);
            var summary = node is null ? null : await SummaryAsync(node, cancellationToken).ConfigureAwait(false);
            return summary is null ? [] : SummaryMetrics.Pods(summary);
        })).ConfigureAwait(false);
        var byPod = usages.SelectMany(u => u).GroupBy(u => (u.Namespace, u.Name)).ToDictionary(g => g.Key, g => g.First());
        var now = time.GetUtcNow();
        var result = new List<JsonObject>();
        foreach (var pod in running)
        {
            if (byPod.TryGetValue((Meta.Namespace(pod), Meta.Name(pod)), out var usage))
            {
                result.Add(MetricsObjects.PodMetrics(pod, usage, Window, now));
            }
        }

        return result;
    }

    private static string NodeName(JsonObject pod) => Meta.GetString(pod["spec"] as JsonObject, "nodeName") ?? "";

    /// <summary>The node's kubelet summary, or null when the kubelet cannot be reached or answers with an error.</summary>
    private async Task<JsonObject?> SummaryAsync(JsonObject node, CancellationToken cancellationToken)
    {
        var name = Meta.Name(node);
        try
        {
            var (host, port) = KubeletConnector.EndpointOf(node);
            using var timeout = new CancellationTokenSource(KubeletTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            var authority = (host.Contains(':', StringComparison.Ordinal) ? "[" + host + "]" : host) + ":" + port.ToString(CultureInfo.InvariantCulture);
            using var response = await connector.Http.GetAsync(new Uri($"https://{authority}/stats/summary?only_cpu_and_memory=true"), linked.Token)
                .ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                LogScrapeFailed(logger, name, $"status {(int)response.StatusCode}", null);
                return null;
            }

            return JsonNode.Parse(await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false)) as JsonObject;
        }
        catch (Exception e) when (e is HttpRequestException or ApiException or JsonException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogScrapeFailed(logger, name, e.Message, e);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "unable to fetch metrics from kubelet of node {Node}: {Reason}")]
    private static partial void LogScrapeFailed(ILogger logger, string node, string reason, Exception? exception);
}
