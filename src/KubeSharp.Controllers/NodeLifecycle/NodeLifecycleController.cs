using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Client;
using KubeSharp.Controllers.Endpoints;
using KubeSharp.Controllers.Runtime;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.NodeLifecycle;

/// <summary>
/// Upstream's node lifecycle controller: watches kubelet heartbeats (Leases in kube-node-lease and the Ready condition),
/// marks silent nodes' conditions Unknown, keeps the condition taints (not-ready, unreachable, pressures) in step with the
/// conditions, and marks the pods of a node that is not Ready as not ready. Instead of upstream's 5 s polling each node is
/// re-examined on a timer set for the moment its grace period would run out.
/// </summary>
internal sealed partial class NodeLifecycleController : IController
{
    public const string LeaseNamespace = "kube-node-lease";

    private readonly ControllerContext _ctx;
    private readonly SharedInformer<V1Node> _nodes;
    private readonly SharedInformer<V1Lease> _leases;
    private readonly SharedInformer<V1Pod> _pods;
    private readonly WorkQueue<string> _queue;
    private readonly ILogger _logger;

    public NodeLifecycleController(ControllerContext ctx)
    {
        _ctx = ctx;
        _logger = ctx.Loggers.CreateLogger<NodeLifecycleController>();
        _queue = new WorkQueue<string>(ctx.Time);
        _nodes = ctx.Informers.Nodes();
        _leases = ctx.Informers.Leases(LeaseNamespace);
        _pods = ctx.Informers.Pods();
        _nodes.AddEventHandler(n => _queue.Add(Keys.For(n)), OnNodeUpdate, null);
        _leases.AddEventHandler(l => _queue.Add(l.Metadata.Name), (_, l) => _queue.Add(l.Metadata.Name), null);
        _pods.AddEventHandler(OnPod, (_, p) => OnPod(p), null);
    }

    public string Name => "node-lifecycle-controller";

    public Task RunAsync(CancellationToken cancellationToken) =>
        ControllerLoop.RunWorkersAsync(_queue, _ctx.Options.Workers, SyncAsync, _logger, cancellationToken);

    private void OnNodeUpdate(V1Node old, V1Node current)
    {
        if (NodeHealth.ReadyStatus(old) == "True" && NodeHealth.ReadyStatus(current) != "True")
        {
            _ctx.Events.Event(current, EventRecorder.Normal, "NodeNotReady", $"Node {current.Metadata.Name} status is now: NodeNotReady");
        }

        _queue.Add(Keys.For(current));
    }

    /// <summary>A pod landing on (or still reporting ready on) a node that is not Ready is marked not ready by the node's sync.</summary>
    private void OnPod(V1Pod pod)
    {
        if (pod.Spec?.NodeName is { Length: > 0 } nodeName && EndpointPods.IsReady(pod)
            && _nodes.Indexer.GetByKey(nodeName) is { } node && NodeHealth.ReadyStatus(node) != "True")
        {
            _queue.Add(nodeName);
        }
    }

    internal async Task SyncAsync(string name, CancellationToken cancellationToken)
    {
        var node = _nodes.Indexer.GetByKey(name);
        if (node is null)
        {
            return;
        }

        var now = _ctx.Time.GetUtcNow();
        var lease = _leases.Indexer.GetByKey($"{LeaseNamespace}/{name}");
        if (NodeHealth.TimeLeft(node, lease, now, _ctx.Options.NodeMonitorGracePeriod) is { } left)
        {
            // Look again the moment the grace period would run out; a heartbeat before then requeues the node anyway.
            _queue.AddAfter(name, left + TimeSpan.FromMilliseconds(1));
        }
        else if (NodeHealth.UnknownConditions(node, now) is { } conditions)
        {
            var copy = KubernetesJson.Deserialize<V1Node>(KubernetesJson.Serialize(node));
            copy.Status ??= new V1NodeStatus();
            copy.Status.Conditions = conditions;
            node = await _ctx.Client.CoreV1.ReplaceNodeStatusAsync(copy, name, cancellationToken: cancellationToken).ConfigureAwait(false);
            LogUnknown(_logger, name);
        }

        if (NodeTaints.Reconcile(node, now) is { } taints)
        {
            var copy = KubernetesJson.Deserialize<V1Node>(KubernetesJson.Serialize(node));
            copy.Spec ??= new V1NodeSpec();
            copy.Spec.Taints = taints;
            node = await _ctx.Client.CoreV1.ReplaceNodeAsync(copy, name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        if (NodeHealth.ReadyStatus(node) != "True")
        {
            await MarkPodsNotReadyAsync(name, now, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Upstream's MarkPodsNotReady: Services stop sending traffic to pods whose node is not known to be healthy.</summary>
    private async Task MarkPodsNotReadyAsync(string nodeName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var pod in _pods.Indexer.ByIndex(Indexes.NodeName, nodeName))
        {
            if (pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready") is not { Status: not "False" })
            {
                continue;
            }

            var copy = KubernetesJson.Deserialize<V1Pod>(KubernetesJson.Serialize(pod));
            var ready = copy.Status.Conditions.First(c => c.Type == "Ready");
            ready.Status = "False";
            ready.LastTransitionTime = NodeHealth.Whole(now);
            try
            {
                await _ctx.Client.CoreV1.ReplaceNamespacedPodStatusAsync(copy, pod.Metadata.Name, pod.Metadata.NamespaceProperty,
                    cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
            {
                continue;
            }

            _ctx.Events.Event(pod, EventRecorder.Warning, "NodeNotReady", "Node is not ready");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {Node} stopped posting status: conditions set Unknown")]
    private static partial void LogUnknown(ILogger logger, string node);
}
