using k8s.Models;
using KubeSharp.Kubelet.Eviction;
using KubeSharp.Kubelet.Nodes;
using KubeSharp.Kubelet.PodWorkers;
using KubeSharp.Kubelet.Tests.Kuberuntime;

namespace KubeSharp.Kubelet.Tests.Eviction;

public sealed class EvictionManagerTests
{
    private readonly PodKills _kills = new();
    private readonly RecordingEvents _events = new();
    private readonly List<string> _resynced = [];
    private (long Available, long Capacity) _memory = (50L << 20, 8L << 30);

    private EvictionManager Manager(params V1Pod[] pods) => new(
        _ => Task.FromResult(new NodeSignals(new Dictionary<string, (long, long)> { ["memory.available"] = _memory })),
        EvictionThreshold.ParseList(EvictionThreshold.Defaults), () => pods, _kills, p => _resynced.Add(p.Metadata.Name), _events);

    private static V1Pod Pod(string name, string? cpuRequest = null, int priority = 0, int startMinute = 0, Dictionary<string, string>? annotations = null)
    {
        var pod = TestPods.Pod(name);
        pod.Metadata.Annotations = annotations;
        pod.Spec.Priority = priority;
        if (cpuRequest is not null)
        {
            var resources = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpuRequest), ["memory"] = new("64Mi") };
            pod.Spec.Containers[0].Resources = new V1ResourceRequirements { Requests = resources };
        }

        pod.Status = new V1PodStatus { Phase = "Running", StartTime = new DateTime(2025, 1, 1, 0, startMinute, 0, DateTimeKind.Utc) };
        return pod;
    }

    [Fact]
    public async Task Synchronize_MemoryBelowThreshold_EvictsBestEffortFirstWithUpstreamStatus()
    {
        var manager = Manager(Pod("burstable", "100m"), Pod("besteffort-old", startMinute: 1), Pod("besteffort-new", startMinute: 5));

        var evicted = await manager.SynchronizeAsync(CancellationToken.None);

        Assert.Equal("besteffort-new", evicted?.Metadata.Name);
        Assert.Equal(["MemoryPressure"], manager.Pressures);
        var request = _kills.Get("uid-besteffort-new")!;
        Assert.Equal(("Evicted", 1L, true), (request.Reason, request.GracePeriodOverride!.Value, request.DisruptionTarget));
        Assert.Equal("The node was low on resource: memory. Threshold quantity: 100Mi, available: 50Mi. ", request.Message);
        Assert.Equal([("Warning", "Evicted", request.Message)], _events.Events);
        Assert.Equal(["besteffort-new"], _resynced);

        // One pod per pass; the next pass takes the next in rank.
        Assert.Equal("besteffort-old", (await manager.SynchronizeAsync(CancellationToken.None))?.Metadata.Name);
    }

    [Fact]
    public async Task Synchronize_LowerPriorityFirst_CriticalPodsNever()
    {
        var manager = Manager(
            Pod("important", priority: 1000),
            Pod("critical", priority: 2_000_000_000),
            Pod("static", annotations: new() { ["kubernetes.io/config.source"] = "file" }),
            Pod("ordinary", priority: 0));

        Assert.Equal("ordinary", (await manager.SynchronizeAsync(CancellationToken.None))?.Metadata.Name);
        Assert.Equal("important", (await manager.SynchronizeAsync(CancellationToken.None))?.Metadata.Name);
        Assert.Null(await manager.SynchronizeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Synchronize_NoThresholdMet_Nothing()
    {
        _memory = (4L << 30, 8L << 30);
        var manager = Manager(Pod("a"));
        Assert.Null(await manager.SynchronizeAsync(CancellationToken.None));
        Assert.Empty(manager.Pressures);
        Assert.Empty(_events.Events);
    }

    [Theory]
    [InlineData("nodefs.available<10%", 5L << 30, 100L << 30, "The node was low on resource: ephemeral-storage. Threshold quantity: 10Gi, available: 5Gi. ")]
    [InlineData("nodefs.inodesFree<5%", 100L, 10_000L, "The node was low on resource: inodes. Threshold quantity: 500, available: 100. ")]
    public void Message_SignalsAndPercentages_AsUpstream(string threshold, long available, long capacity, string expected) =>
        Assert.Equal(expected, EvictionManager.Message(EvictionThreshold.ParseList(threshold)[0], (available, capacity)));
}
