using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Controllers.NodeLifecycle;
using KubeSharp.Controllers.Runtime;
using KubeSharp.Controllers.Tests.Endpoints;
using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Controllers.Tests.NodeLifecycle;

[Collection(ServerCollection.Name)]
public sealed class NodeLifecycleControllerTests(ServerFixture fixture)
{
    private IKubernetes Client => fixture.Client;

    internal static async Task<V1Node> CreateReadyNodeAsync(IKubernetes client, string name, DateTime heartbeat, IList<V1Taint>? taints = null)
    {
        var node = await client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = name }, Spec = new V1NodeSpec { Taints = taints } });
        node.Status = new V1NodeStatus
        {
            Conditions =
            [
                new V1NodeCondition { Type = "Ready", Status = "True", Reason = "KubeletReady", Message = "kubelet is posting ready status",
                    LastHeartbeatTime = heartbeat, LastTransitionTime = heartbeat },
                new V1NodeCondition { Type = "MemoryPressure", Status = "False", Reason = "KubeletHasSufficientMemory",
                    LastHeartbeatTime = heartbeat, LastTransitionTime = heartbeat },
            ],
        };
        return await client.CoreV1.ReplaceNodeStatusAsync(node, name);
    }

    private async Task RenewLeaseAsync(string node, DateTime renew)
    {
        try
        {
            await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = NodeLifecycleController.LeaseNamespace } });
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
        }

        await Client.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease
        {
            Metadata = new V1ObjectMeta { Name = node },
            Spec = new V1LeaseSpec { HolderIdentity = node, LeaseDurationSeconds = 40, RenewTime = renew },
        }, NodeLifecycleController.LeaseNamespace);
    }

    [Fact]
    public async Task Sync_HeartbeatsStopThenResume_MarksUnknownTaintsAndMarksPodsThenUntaints()
    {
        var ns = await fixture.CreateNamespaceAsync();
        var nodeName = "nl-" + ns;
        var start = new DateTimeOffset(NodeHealth.Whole(DateTimeOffset.UtcNow));
        var time = new FakeTimeProvider(start);
        await CreateReadyNodeAsync(Client, nodeName, start.UtcDateTime.AddSeconds(-30));
        await RenewLeaseAsync(nodeName, start.UtcDateTime);
        await TestObjects.CreateRunningPodAsync(Client, ns, "a", "10.9.0.1", ready: true, node: nodeName);
        await using var harness = await ControllerHarness.StartAsync(Client, time, new ControllerManagerOptions { LeaderElect = false },
            c => new NodeLifecycleController(c));

        time.Advance(TimeSpan.FromSeconds(41));

        var node = await Eventually.GetAsync(async () => await Client.CoreV1.ReadNodeAsync(nodeName),
            n => n.Spec?.Taints?.Count == 2, "unreachable taints");
        var ready = node.Status.Conditions.Single(c => c.Type == "Ready");
        Assert.Equal(("Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status."), (ready.Status, ready.Reason, ready.Message));
        Assert.Equal("Unknown", node.Status.Conditions.Single(c => c.Type == "MemoryPressure").Status);
        Assert.Equal(["node.kubernetes.io/unreachable/NoExecute", "node.kubernetes.io/unreachable/NoSchedule"],
            node.Spec.Taints.Select(t => $"{t.Key}/{t.Effect}").Order());
        Assert.Equal(time.GetUtcNow().UtcDateTime, node.Spec.Taints.Single(t => t.Effect == "NoExecute").TimeAdded);
        await Eventually.GetAsync(async () => await Client.CoreV1.ReadNamespacedPodAsync("a", ns),
            p => p.Status.Conditions.Single(c => c.Type == "Ready").Status == "False", "pod marked not ready");

        // The kubelet is back: it posts Ready=True, and the controller lifts its taints.
        node.Status.Conditions = [.. node.Status.Conditions.Select(c => new V1NodeCondition
        {
            Type = c.Type,
            Status = c.Type == "Ready" ? "True" : "False",
            Reason = "Kubelet",
            LastHeartbeatTime = time.GetUtcNow().UtcDateTime,
            LastTransitionTime = time.GetUtcNow().UtcDateTime,
        })];
        await Client.CoreV1.ReplaceNodeStatusAsync(node, nodeName);
        await Eventually.GetAsync(async () => await Client.CoreV1.ReadNodeAsync(nodeName), n => (n.Spec?.Taints?.Count ?? 0) == 0, "taints lifted");
    }
}
