using k8s.Models;
using KubeSharp.Controllers.NodeLifecycle;
using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Controllers.Tests.NodeLifecycle;

public sealed class NodeHealthTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(40);

    private static V1Node Node(DateTime created, DateTime? heartbeat, string ready = "True") => new()
    {
        Metadata = new V1ObjectMeta { Name = "n1", CreationTimestamp = created },
        Status = new V1NodeStatus
        {
            Conditions = heartbeat is null ? null :
            [
                new V1NodeCondition { Type = "Ready", Status = ready, Reason = "KubeletReady", LastHeartbeatTime = heartbeat, LastTransitionTime = created },
                new V1NodeCondition { Type = "MemoryPressure", Status = "False", LastHeartbeatTime = heartbeat, LastTransitionTime = created },
                new V1NodeCondition { Type = "NetworkUnavailable", Status = "False", LastTransitionTime = created },
            ],
        },
    };

    private static V1Lease Lease(DateTime renew) => new() { Spec = new V1LeaseSpec { RenewTime = renew } };

    [Fact]
    public void TimeLeft_FreshLeaseStaleHeartbeat_CountsFromTheLease()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var now = time.GetUtcNow().UtcDateTime;
        var node = Node(now.AddHours(-1), heartbeat: now.AddMinutes(-5));

        Assert.Equal(TimeSpan.FromSeconds(30), NodeHealth.TimeLeft(node, Lease(now.AddSeconds(-10)), time.GetUtcNow(), Grace));
        time.Advance(TimeSpan.FromSeconds(31));
        Assert.Null(NodeHealth.TimeLeft(node, Lease(now.AddSeconds(-10)), time.GetUtcNow(), Grace));
    }

    [Fact]
    public void TimeLeft_NoLeaseNoConditions_CountsFromCreation()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var node = Node(time.GetUtcNow().UtcDateTime.AddSeconds(-39), heartbeat: null);

        Assert.Equal(TimeSpan.FromSeconds(1), NodeHealth.TimeLeft(node, null, time.GetUtcNow(), Grace));
    }

    [Fact]
    public void UnknownConditions_SilentNode_SetsKubeletConditionsUnknownAndLeavesNetworkAlone()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var now = time.GetUtcNow().UtcDateTime;

        var conditions = NodeHealth.UnknownConditions(Node(now.AddHours(-1), now.AddMinutes(-1)), time.GetUtcNow());

        Assert.NotNull(conditions);
        var ready = conditions.Single(c => c.Type == "Ready");
        Assert.Equal(("Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.", now), (ready.Status, ready.Reason, ready.Message, ready.LastTransitionTime));
        Assert.Equal(now.AddMinutes(-1), ready.LastHeartbeatTime);
        Assert.Equal("Unknown", conditions.Single(c => c.Type == "MemoryPressure").Status);
        Assert.Equal("False", conditions.Single(c => c.Type == "NetworkUnavailable").Status);
        var never = conditions.Single(c => c.Type == "DiskPressure");
        Assert.Equal(("Unknown", "NodeStatusNeverUpdated", "Kubelet never posted node status."), (never.Status, never.Reason, never.Message));
    }

    [Fact]
    public void UnknownConditions_AlreadyUnknown_ReturnsNull()
    {
        var now = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var node = Node(now.UtcDateTime.AddHours(-1), now.UtcDateTime.AddMinutes(-1));
        node.Status.Conditions = NodeHealth.UnknownConditions(node, now);

        Assert.Null(NodeHealth.UnknownConditions(node, now.AddMinutes(1)));
    }

    [Fact]
    public void Reconcile_ReadyUnknownThenTrue_AddsUnreachableTaintsKeepsOthersThenRemovesThem()
    {
        var now = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var node = Node(now.UtcDateTime.AddHours(-1), now.UtcDateTime, ready: "Unknown");
        node.Spec = new V1NodeSpec { Taints = [new V1Taint { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" }] };

        var taints = NodeTaints.Reconcile(node, now);

        Assert.NotNull(taints);
        Assert.Equal(["dedicated/NoSchedule", "node.kubernetes.io/unreachable/NoSchedule", "node.kubernetes.io/unreachable/NoExecute"],
            taints.Select(t => $"{t.Key}/{t.Effect}"));
        Assert.Equal(now.UtcDateTime, taints.Single(t => t.Effect == "NoExecute").TimeAdded);
        node.Spec.Taints = taints;
        Assert.Null(NodeTaints.Reconcile(node, now.AddMinutes(1)));

        node.Status.Conditions.Single(c => c.Type == "Ready").Status = "True";
        Assert.Equal(["dedicated/NoSchedule"], NodeTaints.Reconcile(node, now)!.Select(t => $"{t.Key}/{t.Effect}"));
    }

    [Fact]
    public void Reconcile_ReadyFalse_AddsNotReadyTaints()
    {
        var now = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

        var taints = NodeTaints.Reconcile(Node(now.UtcDateTime, now.UtcDateTime, ready: "False"), now);

        Assert.Equal(["node.kubernetes.io/not-ready/NoSchedule", "node.kubernetes.io/not-ready/NoExecute"], taints!.Select(t => $"{t.Key}/{t.Effect}"));
    }
}
