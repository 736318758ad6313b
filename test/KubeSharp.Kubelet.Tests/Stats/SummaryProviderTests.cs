using System.Text.Json.Nodes;
using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Stats;
using KubeSharp.Kubelet.Tests.Prober;
using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Kubelet.Tests.Stats;

public sealed class SummaryProviderTests : IDisposable
{
    private const long Second = 1_000_000_000;
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly long StartNs = (Start - DateTimeOffset.UnixEpoch).Ticks * 100;

    private readonly FakeHostRoot host = new();
    private readonly FakeTimeProvider time = new(Start);
    private readonly FakeRuntimeService runtime = new();

    public SummaryProviderTests()
    {
        host.Cpu(1000);
        host.MemInfo(totalKb: 8 * 1024 * 1024, freeKb: 2 * 1024 * 1024, inactiveFileKb: 1024 * 1024);
    }

    public void Dispose() => host.Dispose();

    private SummaryProvider Provider() => new(runtime, "node-1", time, host.Root);

    private static Dictionary<string, string> PodLabels(string name, string uid, string container) => new()
    {
        [CriLabels.PodName] = name,
        [CriLabels.PodNamespace] = "default",
        [CriLabels.PodUid] = uid,
        [CriLabels.ContainerName] = container,
    };

    private static Cri.V1.ContainerStats Stat(string id, string pod, string uid, string container, long timestampNs, ulong cpuNs, ulong workingSet, ulong? nanoCores = null)
    {
        var attributes = new ContainerAttributes { Id = id, Metadata = new ContainerMetadata { Name = container } };
        attributes.Labels.Add(PodLabels(pod, uid, container));
        var cpu = new CpuUsage { Timestamp = timestampNs, UsageCoreNanoSeconds = new UInt64Value { Value = cpuNs } };
        if (nanoCores is { } rate)
        {
            cpu.UsageNanoCores = new UInt64Value { Value = rate };
        }

        return new Cri.V1.ContainerStats
        {
            Attributes = attributes,
            Cpu = cpu,
            Memory = new MemoryUsage { Timestamp = timestampNs, WorkingSetBytes = new UInt64Value { Value = workingSet }, UsageBytes = new UInt64Value { Value = workingSet + 100 } },
        };
    }

    private static Container Running(string id, long createdAt, ContainerState state = ContainerState.ContainerRunning) =>
        new() { Id = id, State = state, CreatedAt = createdAt };

    private void Sample(long offsetSeconds, ulong webCpu, ulong sidecarCpu)
    {
        var ts = StartNs + (offsetSeconds * Second);
        if (runtime.Containers.Count == 0)
        {
            runtime.Containers = [Running("c-web", 0), Running("c-side", 0)];
        }

        runtime.ContainerStats =
        [
            Stat("c-web", "web", "uid-web", "web", ts, webCpu, 50_000_000),
            Stat("c-side", "web", "uid-web", "sidecar", ts, sidecarCpu, 10_000_000),
        ];
    }

    [Fact]
    public async Task GetSummaryAsync_NodeFromProcFiles_CpuRateFromTwoSamples()
    {
        var provider = Provider();
        var first = await provider.GetSummaryAsync(CancellationToken.None);
        Assert.Null(first.Node.Cpu!.UsageNanoCores);
        Assert.Equal(1000UL * 10_000_000, first.Node.Cpu.UsageCoreNanoSeconds);

        host.Cpu(1500);
        time.Advance(TimeSpan.FromSeconds(10));
        var second = await provider.GetSummaryAsync(CancellationToken.None);

        // 500 ticks of 10 ms = 5 s of core time in 10 s: half a core.
        Assert.Equal(500_000_000UL, second.Node.Cpu!.UsageNanoCores);
        Assert.Equal("node-1", second.Node.NodeName);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1735689600), second.Node.StartTime);
        var memory = second.Node.Memory!;
        Assert.Equal(6UL << 30, memory.UsageBytes);
        Assert.Equal(5UL << 30, memory.WorkingSetBytes);
        Assert.Equal(3UL << 30, memory.AvailableBytes);
    }

    [Fact]
    public async Task GetSummaryAsync_CgroupV1Root_WorkingSetIsUsageMinusInactiveFile()
    {
        host.CgroupMemory(usage: 4UL << 30, inactiveFile: 1UL << 30, rss: 2UL << 30);

        var memory = (await Provider().GetSummaryAsync(CancellationToken.None)).Node.Memory!;

        Assert.Equal(4UL << 30, memory.UsageBytes);
        Assert.Equal(3UL << 30, memory.WorkingSetBytes);
        Assert.Equal(5UL << 30, memory.AvailableBytes);
        Assert.Equal(2UL << 30, memory.RssBytes);
        Assert.Equal(3UL, memory.MajorPageFaults);
    }

    [Fact]
    public async Task GetSummaryAsync_CumulativeOnly_ContainerAndPodRatesFromTwoSamples()
    {
        runtime.Containers = [Running("c-web", StartNs - (60 * Second)), Running("c-side", StartNs - (30 * Second))];
        var provider = Provider();
        Sample(0, webCpu: 1 * (ulong)Second, sidecarCpu: 0);
        var first = await provider.GetSummaryAsync(CancellationToken.None);
        Assert.All(first.Pods.Single().Containers, c => Assert.Null(c.Cpu!.UsageNanoCores));
        Assert.Null(first.Pods.Single().Cpu!.UsageNanoCores);

        Sample(10, webCpu: 3 * (ulong)Second, sidecarCpu: (ulong)Second / 2);
        var pod = (await provider.GetSummaryAsync(CancellationToken.None)).Pods.Single();

        Assert.Equal(new PodReference("web", "default", "uid-web"), pod.PodRef);
        Assert.Equal(["sidecar", "web"], pod.Containers.Select(c => c.Name));
        Assert.Equal(50_000_000UL, pod.Containers.Single(c => c.Name == "sidecar").Cpu!.UsageNanoCores);
        Assert.Equal(200_000_000UL, pod.Containers.Single(c => c.Name == "web").Cpu!.UsageNanoCores);
        Assert.Equal(250_000_000UL, pod.Cpu!.UsageNanoCores);
        Assert.Equal(3_500_000_000UL, pod.Cpu.UsageCoreNanoSeconds);
        Assert.Equal(60_000_000UL, pod.Memory!.WorkingSetBytes);
        Assert.Equal(Start.AddSeconds(-60), pod.Containers.Single(c => c.Name == "web").StartTime);
    }

    [Fact]
    public async Task GetSummaryAsync_RuntimeGivesRate_UsedAsIs()
    {
        runtime.Containers = [Running("c-web", 0)];
        runtime.ContainerStats = [Stat("c-web", "web", "uid-web", "web", StartNs, 5 * (ulong)Second, 1, nanoCores: 123)];

        var container = (await Provider().GetSummaryAsync(CancellationToken.None)).Pods.Single().Containers.Single();

        Assert.Equal(123UL, container.Cpu!.UsageNanoCores);
    }

    [Fact]
    public async Task GetSummaryAsync_ExitedContainer_Left()
    {
        runtime.Containers = [Running("c-web", StartNs), Running("c-side", StartNs, ContainerState.ContainerExited)];
        Sample(0, 1, 1);

        var pod = (await Provider().GetSummaryAsync(CancellationToken.None)).Pods.Single();

        Assert.Equal("web", pod.Containers.Single().Name);
    }

    [Fact]
    public async Task GetSummaryAsync_SandboxStats_PodCpuAndMemoryFromSandbox()
    {
        var sandbox = new PodSandboxStats
        {
            Attributes = new PodSandboxAttributes { Id = "s1" },
            Linux = new LinuxPodSandboxStats
            {
                Cpu = new CpuUsage { Timestamp = StartNs, UsageCoreNanoSeconds = new UInt64Value { Value = 9 }, UsageNanoCores = new UInt64Value { Value = 7 } },
                Memory = new MemoryUsage { Timestamp = StartNs, WorkingSetBytes = new UInt64Value { Value = 99 } },
            },
        };
        sandbox.Attributes.Labels.Add(PodLabels("web", "uid-web", ""));
        runtime.SandboxStats = [sandbox];
        runtime.Sandboxes = [new PodSandbox { Id = "s1", CreatedAt = StartNs, State = PodSandboxState.SandboxReady, Labels = { PodLabels("web", "uid-web", "") } }];
        Sample(0, 1, 1);

        var pod = (await Provider().GetSummaryAsync(CancellationToken.None)).Pods.Single();

        Assert.Equal(7UL, pod.Cpu!.UsageNanoCores);
        Assert.Equal(99UL, pod.Memory!.WorkingSetBytes);
        Assert.Equal(Start, pod.StartTime);
    }

    [Fact]
    public async Task GetSummaryJsonAsync_UpstreamFieldNamesAndTimes()
    {
        var provider = Provider();
        Sample(0, 1, 1);
        await provider.GetSummaryAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(10));
        host.Cpu(1100);
        Sample(10, (ulong)Second + 1, 1);

        var json = JsonNode.Parse(await provider.GetSummaryJsonAsync(CancellationToken.None))!;

        Assert.Equal("node-1", (string?)json["node"]!["nodeName"]);
        Assert.Equal("2025-01-01T00:00:10Z", (string?)json["node"]!["cpu"]!["time"]);
        Assert.Equal(100_000_000UL, (ulong?)json["node"]!["cpu"]!["usageNanoCores"]);
        Assert.NotNull(json["node"]!["memory"]!["workingSetBytes"]);
        var pod = json["pods"]![0]!;
        Assert.Equal("web", (string?)pod["podRef"]!["name"]);
        Assert.Equal("uid-web", (string?)pod["podRef"]!["uid"]);
        var container = pod["containers"]![1]!;
        Assert.Equal("web", (string?)container["name"]);
        Assert.Equal(100_000_000UL, (ulong?)container["cpu"]!["usageNanoCores"]);
        Assert.Equal(50_000_000UL, (ulong?)container["memory"]!["workingSetBytes"]);
        Assert.Null(container["memory"]!["rssBytes"]);
        Assert.False(container.AsObject().ContainsKey("startTime"));
    }

    [Fact]
    public async Task GetResourceMetricsAsync_SecondSample_NodeAndPodsWithWindow()
    {
        var provider = Provider();
        Sample(0, 0, 0);
        var first = await provider.GetResourceMetricsAsync(CancellationToken.None);
        Assert.Null(first.Node);
        Assert.Empty(first.Pods);

        time.Advance(TimeSpan.FromSeconds(15));
        host.Cpu(1300);
        Sample(15, 3 * (ulong)Second, 0);
        var metrics = await provider.GetResourceMetricsAsync(CancellationToken.None);

        Assert.Equal(new NodeResourceMetrics("node-1", Start.AddSeconds(15), TimeSpan.FromSeconds(15), 200_000_000, 5UL << 30), metrics.Node);
        var pod = Assert.Single(metrics.Pods);
        Assert.Equal(("default", "web", "uid-web"), (pod.Namespace, pod.Name, pod.Uid));
        Assert.Equal(TimeSpan.FromSeconds(15), pod.Window);
        Assert.Equal(Start.AddSeconds(15), pod.Timestamp);
        Assert.Equal(
            [new ContainerResourceMetrics("sidecar", 0, 10_000_000), new ContainerResourceMetrics("web", 200_000_000, 50_000_000)],
            pod.Containers);
    }

    [Fact]
    public void CpuUsageCache_CounterWentBack_NoRateThenRecovers()
    {
        var cache = new CpuUsageCache();
        Assert.Null(cache.Update("c", 1 * Second, 100));
        Assert.Equal((50UL, TimeSpan.FromSeconds(2)), cache.Update("c", 3 * Second, 200));
        Assert.Equal((50UL, TimeSpan.FromSeconds(2)), cache.Update("c", 3 * Second, 200));
        Assert.Null(cache.Update("c", 4 * Second, 10));
        Assert.Equal((10UL, TimeSpan.FromSeconds(1)), cache.Update("c", 5 * Second, 20));
    }
}
