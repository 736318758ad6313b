using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Kubelet.Status;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Nodes;

/// <summary>
/// Registers the node and keeps it alive (upstream's node registration, node status updater and nodelease controller): the
/// Lease in kube-node-lease renewed every 10 s, the status recomputed every 10 s and written when it changed or every 5 min.
/// </summary>
internal sealed class NodeAgent(IKubernetes client, NodeOptions options, MachineInfo machine,
    Func<CancellationToken, Task<NodeRuntimeState>> runtimeState, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private V1NodeStatus? _reported;
    private DateTimeOffset _reportedAt;
    private string? _nodeUid;

    /// <summary>Registers, then renews the lease and reports status until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await RegisterAsync(cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException)
            {
                NodeAgentLog.Failed(logger, e, options.NodeName, "registration");
                await DelayAsync(RetryDelay, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            await DelayAsync(options.StatusUpdateFrequency, cancellationToken).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await RenewLeaseAsync(cancellationToken).ConfigureAwait(false);
                await UpdateStatusAsync(force: false, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException)
            {
                NodeAgentLog.Failed(logger, e, options.NodeName, "heartbeat");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Creates the Node (or brings an existing one's labels up to date), writes its status and creates its Lease.</summary>
    public async Task RegisterAsync(CancellationToken cancellationToken)
    {
        V1Node node;
        try
        {
            node = await client.CoreV1.CreateNodeAsync(NodeObjectBuilder.Node(options, machine), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            var labels = new JsonObject();
            foreach (var (key, value) in NodeObjectBuilder.Labels(options, machine))
            {
                labels[key] = value;
            }

            var patch = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = labels } }.ToJsonString();
            node = await client.CoreV1.PatchNodeAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), options.NodeName,
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        _nodeUid = node.Metadata.Uid;
        _reported = node.Status;
        await UpdateStatusAsync(force: true, cancellationToken).ConfigureAwait(false);
        await RenewLeaseAsync(cancellationToken).ConfigureAwait(false);
        NodeAgentLog.Registered(logger, options.NodeName);
    }

    /// <summary>Recomputes the status and writes it if it changed, if forced, or if the last report is 5 minutes old.</summary>
    public async Task UpdateStatusAsync(bool force, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var runtime = await runtimeState(cancellationToken).ConfigureAwait(false);
        var status = NodeObjectBuilder.Status(options, machine, runtime, _reported, now);
        if (!force && !NodeObjectBuilder.Changed(_reported, status) && now - _reportedAt < options.StatusReportFrequency)
        {
            return;
        }

        var body = new JsonObject { ["status"] = StatusJson.Of(status) }.ToJsonString();
        await client.CoreV1.PatchNodeStatusAsync(new V1Patch(body, V1Patch.PatchType.MergePatch), options.NodeName,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        _reported = status;
        _reportedAt = now;
    }

    public async Task RenewLeaseAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        try
        {
            await client.CoordinationV1.PatchNamespacedLeaseAsync(new V1Patch(NodeLeases.RenewPatch(options.NodeName, now), V1Patch.PatchType.MergePatch),
                options.NodeName, NodeLeases.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            await client.CoordinationV1.CreateNamespacedLeaseAsync(NodeLeases.Lease(options.NodeName, _nodeUid, now), NodeLeases.Namespace,
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
