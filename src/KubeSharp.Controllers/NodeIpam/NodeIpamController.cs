using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Client;
using KubeSharp.Controllers.Runtime;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.NodeIpam;

/// <summary>
/// Upstream's node IPAM controller with the range allocator: every node gets a pod CIDR of its own
/// (<c>spec.podCIDR</c>/<c>spec.podCIDRs</c>) cut from the cluster CIDR, which its kubelet hands to the CNI plugin.
/// CIDRs of deleted nodes return to the pool.
/// </summary>
internal sealed partial class NodeIpamController : IController
{
    private readonly ControllerContext _context;
    private readonly Indexer<V1Node> _nodes;
    private readonly WorkQueue<string> _queue;
    private readonly ILogger _logger;
    private readonly CidrSet _cidrs;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, IPNetwork> _byNode = [];

    public NodeIpamController(ControllerContext context)
    {
        _context = context;
        _logger = context.Loggers.CreateLogger<NodeIpamController>();
        _queue = new WorkQueue<string>(context.Time);
        _cidrs = new CidrSet(IPNetwork.Parse(context.Options.ClusterCidr), context.Options.NodeCidrMaskSize);
        var nodes = context.Informers.Nodes();
        _nodes = nodes.Indexer;
        nodes.AddEventHandler(n => Observe(n), (_, n) => Observe(n), Forget);
    }

    public string Name => "node-ipam";

    public Task RunAsync(CancellationToken cancellationToken) =>
        ControllerLoop.RunWorkersAsync(_queue, 1, SyncAsync, _logger, cancellationToken);

    private void Observe(V1Node node)
    {
        if (node.Spec?.PodCIDR is { Length: > 0 } existing)
        {
            lock (_lock)
            {
                if (!_byNode.ContainsKey(node.Metadata.Name) && IPNetwork.TryParse(existing, out var cidr) && _cidrs.Occupy(cidr))
                {
                    _byNode[node.Metadata.Name] = cidr;
                }
            }

            return;
        }

        _queue.Add(node.Metadata.Name);
    }

    private void Forget(V1Node node)
    {
        lock (_lock)
        {
            if (_byNode.Remove(node.Metadata.Name, out var cidr))
            {
                _cidrs.Release(cidr);
            }
        }
    }

    private async Task SyncAsync(string name, CancellationToken cancellationToken)
    {
        if (_nodes.GetByKey(name) is not { } node || node.Spec?.PodCIDR is { Length: > 0 })
        {
            return;
        }

        IPNetwork? cidr;
        lock (_lock)
        {
            cidr = _byNode.TryGetValue(name, out var held) ? held : _cidrs.Allocate();
            if (cidr is { } given)
            {
                _byNode[name] = given;
            }
        }

        if (cidr is null)
        {
            _context.Events.Event(node, "Normal", "CIDRNotAvailable", $"Node {name} status is now: CIDRNotAvailable");
            LogFull(_logger, name, _context.Options.ClusterCidr);
            return;
        }

        var text = cidr.Value.ToString();
        var patch = new V1Patch(new { spec = new { podCIDR = text, podCIDRs = new[] { text } } }, V1Patch.PatchType.MergePatch);
        try
        {
            await _context.Client.CoreV1.PatchNodeAsync(patch, name, cancellationToken: cancellationToken).ConfigureAwait(false);
            LogAllocated(_logger, text, name);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            Forget(node);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Allocated pod CIDR {Cidr} to node {Node}")]
    private static partial void LogAllocated(ILogger logger, string cidr, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No pod CIDR left in {ClusterCidr} for node {Node}")]
    private static partial void LogFull(ILogger logger, string node, string clusterCidr);
}
