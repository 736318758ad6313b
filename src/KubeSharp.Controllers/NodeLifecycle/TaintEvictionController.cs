using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Client;
using KubeSharp.Controllers.Runtime;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.NodeLifecycle;

/// <summary>
/// Upstream's taint eviction controller: deletes pods from nodes with NoExecute taints they do not tolerate, at once, or when
/// the tolerationSeconds of their toleration have passed since the taint was added (a timer on the work queue, not a sleep).
/// </summary>
internal sealed partial class TaintEvictionController : IController
{
    private readonly ControllerContext _ctx;
    private readonly SharedInformer<V1Node> _nodes;
    private readonly SharedInformer<V1Pod> _pods;
    private readonly WorkQueue<string> _queue;
    private readonly ILogger _logger;

    public TaintEvictionController(ControllerContext ctx)
    {
        _ctx = ctx;
        _logger = ctx.Loggers.CreateLogger<TaintEvictionController>();
        _queue = new WorkQueue<string>(ctx.Time);
        _nodes = ctx.Informers.Nodes();
        _pods = ctx.Informers.Pods();
        _nodes.AddEventHandler(n => OnNode(null, n), OnNode, null);
        _pods.AddEventHandler(OnPod, (_, p) => OnPod(p), null);
    }

    public string Name => "taint-eviction-controller";

    public Task RunAsync(CancellationToken cancellationToken) =>
        ControllerLoop.RunWorkersAsync(_queue, _ctx.Options.Workers, SyncAsync, _logger, cancellationToken);

    private void OnNode(V1Node? old, V1Node current)
    {
        var taints = NoExecute(current);
        if (taints.Count == 0 && (old is null || NoExecute(old).Count == 0))
        {
            return;
        }

        if (old is not null && KubernetesJson.Serialize(NoExecute(old)) == KubernetesJson.Serialize(taints))
        {
            return;
        }

        foreach (var pod in _pods.Indexer.ByIndex(Indexes.NodeName, current.Metadata.Name))
        {
            _queue.Add(Keys.For(pod));
        }
    }

    private void OnPod(V1Pod pod)
    {
        if (pod.Spec?.NodeName is { Length: > 0 } && pod.Metadata?.DeletionTimestamp is null)
        {
            _queue.Add(Keys.For(pod));
        }
    }

    private static List<V1Taint> NoExecute(V1Node node) => [.. (node.Spec?.Taints ?? []).Where(t => t.Effect == NodeTaints.NoExecute)];

    internal async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var pod = _pods.Indexer.GetByKey(key);
        if (pod?.Spec?.NodeName is not { Length: > 0 } nodeName || pod.Metadata.DeletionTimestamp is not null
            || _nodes.Indexer.GetByKey(nodeName) is not { } node)
        {
            return;
        }

        var taints = NoExecute(node);
        if (taints.Count == 0)
        {
            return;
        }

        var now = _ctx.Time.GetUtcNow();
        var after = EvictionPlanner.EvictAfter(pod.Spec.Tolerations, taints, now);
        if (after is null)
        {
            return;
        }

        if (after > TimeSpan.Zero)
        {
            _queue.AddAfter(key, after.Value);
            return;
        }

        _ctx.Events.Event(pod, EventRecorder.Normal, "TaintManagerEviction", $"Marking for deletion Pod {key}");
        await MarkDisruptedAsync(pod, now, cancellationToken).ConfigureAwait(false);
        try
        {
            await _ctx.Client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return;
        }

        LogEvicted(_logger, key, nodeName);
    }

    /// <summary>Upstream tells the pod why it goes (condition DisruptionTarget) before deleting it; that is best effort.</summary>
    private async Task MarkDisruptedAsync(V1Pod pod, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (pod.Status?.Conditions?.Any(c => c.Type == "DisruptionTarget" && c.Status == "True") == true)
        {
            return;
        }

        var copy = KubernetesJson.Deserialize<V1Pod>(KubernetesJson.Serialize(pod));
        copy.Status ??= new V1PodStatus();
        copy.Status.Conditions = [.. (copy.Status.Conditions ?? []).Where(c => c.Type != "DisruptionTarget"), new V1PodCondition
        {
            Type = "DisruptionTarget",
            Status = "True",
            Reason = "DeletionByTaintManager",
            Message = "Taint manager: deleting due to NoExecute taint",
            LastTransitionTime = NodeHealth.Whole(now),
        }];
        try
        {
            await _ctx.Client.CoreV1.ReplaceNamespacedPodStatusAsync(copy, pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
        {
            // The delete below is what matters; a stale copy only loses the explanatory condition.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Evicted pod {Pod} from node {Node} (NoExecute taint)")]
    private static partial void LogEvicted(ILogger logger, string pod, string node);
}
