using Grpc.Core;
using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Cri.V1;

namespace KubeSharp.Kubelet.Stats;

/// <summary>
/// Builds the kubelet's stats summary (upstream's summary provider with the CRI stats provider): node cpu and memory
/// from the host, pods and containers from the runtime's container (and, when implemented, sandbox) stats, grouped
/// by the io.kubernetes.pod.* labels. Cpu rates come from the runtime when it gives them and otherwise from the
/// previous sample of the same series, so a rate exists from the second call on.
/// </summary>
internal sealed class SummaryProvider
{
    private const string NodeKey = "";

    private readonly IRuntimeService runtime;
    private readonly string nodeName;
    private readonly TimeProvider timeProvider;
    private readonly HostStatsReader host;
    private readonly CpuUsageCache cpuCache = new();

    public SummaryProvider(IRuntimeService runtime, string nodeName, TimeProvider timeProvider, string hostRoot = "/")
    {
        this.runtime = runtime;
        this.nodeName = nodeName;
        this.timeProvider = timeProvider;
        host = new HostStatsReader(hostRoot);
    }

    public async Task<Summary> GetSummaryAsync(CancellationToken cancellationToken) =>
        (await CollectAsync(cancellationToken).ConfigureAwait(false)).Summary;

    public async Task<string> GetSummaryJsonAsync(CancellationToken cancellationToken) =>
        SummaryJson.Serialize(await GetSummaryAsync(cancellationToken).ConfigureAwait(false));

    public async Task<ResourceMetrics> GetResourceMetricsAsync(CancellationToken cancellationToken)
    {
        var (summary, windows) = await CollectAsync(cancellationToken).ConfigureAwait(false);
        NodeResourceMetrics? node = null;
        if (summary.Node.Cpu is { UsageNanoCores: { } nodeCpu } cpu && summary.Node.Memory?.WorkingSetBytes is { } nodeMemory && windows.TryGetValue(NodeKey, out var nodeWindow))
        {
            node = new NodeResourceMetrics(nodeName, cpu.Time, nodeWindow, nodeCpu, nodeMemory);
        }

        var pods = new List<PodResourceMetrics>();
        foreach (var pod in summary.Pods)
        {
            var containers = new List<ContainerResourceMetrics>();
            var window = TimeSpan.Zero;
            var timestamp = DateTimeOffset.MinValue;
            foreach (var container in pod.Containers)
            {
                if (container.Cpu is not { UsageNanoCores: { } rate } containerCpu || !windows.TryGetValue(WindowKey(pod.PodRef.Uid, container.Name), out var containerWindow))
                {
                    break;
                }

                containers.Add(new ContainerResourceMetrics(container.Name, rate, container.Memory?.WorkingSetBytes ?? 0));
                window = containerWindow > window ? containerWindow : window;
                timestamp = containerCpu.Time > timestamp ? containerCpu.Time : timestamp;
            }

            if (containers.Count == pod.Containers.Count && containers.Count > 0)
            {
                pods.Add(new PodResourceMetrics(pod.PodRef.Namespace, pod.PodRef.Name, pod.PodRef.Uid, timestamp, window, containers));
            }
        }

        return new ResourceMetrics(node, pods);
    }

    internal async Task<StatsSnapshot> CollectAsync(CancellationToken cancellationToken)
    {
        var windows = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var node = ReadNode(windows);
        var stats = await runtime.ListContainerStatsAsync(new ContainerStatsFilter(), cancellationToken).ConfigureAwait(false);
        var containers = await TryListAsync(() => runtime.ListContainersAsync(null, cancellationToken)).ConfigureAwait(false);
        var sandboxes = await TryListAsync(() => runtime.ListPodSandboxAsync(null, cancellationToken)).ConfigureAwait(false);
        var sandboxStats = await TryListAsync(() => runtime.ListPodSandboxStatsAsync(new PodSandboxStatsFilter(), cancellationToken), anyError: true)
            .ConfigureAwait(false);

        var running = containers?.Where(c => c.State == ContainerState.ContainerRunning).ToDictionary(c => c.Id);
        var seen = new HashSet<string>(StringComparer.Ordinal) { NodeKey };
        var pods = new Dictionary<string, (PodReference Ref, List<ContainerStats> Containers)>(StringComparer.Ordinal);
        foreach (var stat in stats)
        {
            var attributes = stat.Attributes;
            if (attributes is null || !TryPodRef(attributes.Labels, out var podRef))
            {
                continue;
            }

            Container? container = null;
            if (running is not null && !running.TryGetValue(attributes.Id, out container))
            {
                // Exited containers keep stats in the runtime; upstream reports running ones only.
                continue;
            }

            seen.Add(attributes.Id);
            var name = attributes.Labels.GetValueOrDefault(CriLabels.ContainerName) ?? attributes.Metadata?.Name ?? attributes.Id;
            var (cpu, window) = ToCpu(attributes.Id, stat.Cpu);
            if (window is { } w)
            {
                windows[WindowKey(podRef.Uid, name)] = w;
            }

            if (!pods.TryGetValue(podRef.Uid, out var entry))
            {
                entry = (podRef, []);
                pods[podRef.Uid] = entry;
            }

            entry.Containers.Add(new ContainerStats
            {
                Name = name,
                StartTime = container is { CreatedAt: > 0 } ? FromNanoseconds(container.CreatedAt) : null,
                Cpu = cpu,
                Memory = ToMemory(stat.Memory),
            });
        }

        var sandboxStatsByUid = new Dictionary<string, PodSandboxStats>(StringComparer.Ordinal);
        foreach (var sandboxStat in sandboxStats ?? [])
        {
            if (sandboxStat.Attributes is { } attributes && TryPodRef(attributes.Labels, out var podRef))
            {
                sandboxStatsByUid[podRef.Uid] = sandboxStat;
            }
        }

        var result = new List<PodStats>();
        foreach (var (uid, (podRef, podContainers)) in pods)
        {
            var sandbox = sandboxes?.Where(s => s.Labels.GetValueOrDefault(CriLabels.PodUid) == uid && s.State == PodSandboxState.SandboxReady).MaxBy(s => s.CreatedAt);
            CpuStats? podCpu;
            MemoryStats? podMemory;
            if (sandboxStatsByUid.TryGetValue(uid, out var sandboxStat) && sandboxStat.Linux?.Cpu is { } linuxCpu)
            {
                var key = "pod/" + uid;
                seen.Add(key);
                podCpu = ToCpu(key, linuxCpu).Cpu;
                podMemory = ToMemory(sandboxStat.Linux.Memory);
            }
            else
            {
                (podCpu, podMemory) = SumContainers(podContainers);
            }

            result.Add(new PodStats
            {
                PodRef = podRef,
                StartTime = sandbox is { CreatedAt: > 0 } ? FromNanoseconds(sandbox.CreatedAt) : null,
                Containers = [.. podContainers.OrderBy(c => c.Name, StringComparer.Ordinal)],
                Cpu = podCpu,
                Memory = podMemory,
            });
        }

        cpuCache.Retain(seen);
        var summary = new Summary
        {
            Node = node,
            Pods = [.. result.OrderBy(p => p.PodRef.Namespace, StringComparer.Ordinal).ThenBy(p => p.PodRef.Name, StringComparer.Ordinal)],
        };
        return new StatsSnapshot(summary, windows);
    }

    private static string WindowKey(string podUid, string container) => podUid + "/" + container;

    private static DateTimeOffset FromNanoseconds(long nanoseconds) => DateTimeOffset.UnixEpoch.AddTicks(nanoseconds / 100);

    private static bool TryPodRef(IDictionary<string, string> labels, out PodReference podRef)
    {
        if (labels.TryGetValue(CriLabels.PodUid, out var uid) && labels.TryGetValue(CriLabels.PodName, out var name) && labels.TryGetValue(CriLabels.PodNamespace, out var ns))
        {
            podRef = new PodReference(name, ns, uid);
            return true;
        }

        podRef = null!;
        return false;
    }

    private static async Task<IReadOnlyList<T>?> TryListAsync<T>(Func<Task<IReadOnlyList<T>>> list, bool anyError = false)
    {
        try
        {
            return await list().ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unimplemented || (anyError && ex.StatusCode != StatusCode.Cancelled))
        {
            // Runtimes without sandbox stats (or containerd 1.6, which fails them for sandboxes without a cgroup parent):
            // pods are then the sum of their containers.
            return null;
        }
    }

    private static MemoryStats? ToMemory(MemoryUsage? memory)
    {
        if (memory is null)
        {
            return null;
        }

        return new MemoryStats
        {
            Time = FromNanoseconds(memory.Timestamp),
            WorkingSetBytes = memory.WorkingSetBytes?.Value,
            UsageBytes = memory.UsageBytes?.Value,
            RssBytes = memory.RssBytes?.Value,
            PageFaults = memory.PageFaults?.Value,
            MajorPageFaults = memory.MajorPageFaults?.Value,
            AvailableBytes = memory.AvailableBytes?.Value,
        };
    }

    private static (CpuStats?, MemoryStats?) SumContainers(List<ContainerStats> containers)
    {
        if (containers.Count == 0)
        {
            return (null, null);
        }

        static ulong? Sum(IEnumerable<ulong?> values) => values.Aggregate((ulong?)0, (total, v) => total is null || v is null ? null : total + v);

        var cpuTime = containers.Select(c => c.Cpu?.Time).Max() ?? default;
        var memoryTime = containers.Select(c => c.Memory?.Time).Max() ?? default;
        var cpu = new CpuStats
        {
            Time = cpuTime,
            UsageNanoCores = Sum(containers.Select(c => c.Cpu?.UsageNanoCores)),
            UsageCoreNanoSeconds = Sum(containers.Select(c => c.Cpu?.UsageCoreNanoSeconds)),
        };
        var memory = new MemoryStats
        {
            Time = memoryTime,
            WorkingSetBytes = Sum(containers.Select(c => c.Memory?.WorkingSetBytes)),
            UsageBytes = Sum(containers.Select(c => c.Memory?.UsageBytes)),
            RssBytes = Sum(containers.Select(c => c.Memory?.RssBytes)),
        };
        return (cpu, memory);
    }

    private NodeStats ReadNode(Dictionary<string, TimeSpan> windows)
    {
        var now = timeProvider.GetUtcNow();
        var sample = host.Read();
        var rate = cpuCache.Update(NodeKey, (now - DateTimeOffset.UnixEpoch).Ticks * 100, sample.CpuCoreNanoSeconds);
        if (rate is { } r)
        {
            windows[NodeKey] = r.Window;
        }

        return new NodeStats
        {
            NodeName = nodeName,
            StartTime = sample.BootTime,
            Cpu = new CpuStats { Time = now, UsageCoreNanoSeconds = sample.CpuCoreNanoSeconds, UsageNanoCores = rate?.NanoCores },
            Memory = new MemoryStats
            {
                Time = now,
                AvailableBytes = sample.MemoryCapacity > sample.MemoryWorkingSet ? sample.MemoryCapacity - sample.MemoryWorkingSet : 0,
                UsageBytes = sample.MemoryUsage,
                WorkingSetBytes = sample.MemoryWorkingSet,
                RssBytes = sample.MemoryRss,
                PageFaults = sample.PageFaults,
                MajorPageFaults = sample.MajorPageFaults,
            },
        };
    }

    private (CpuStats? Cpu, TimeSpan? Window) ToCpu(string key, CpuUsage? usage)
    {
        if (usage is null)
        {
            return (null, null);
        }

        var cumulative = usage.UsageCoreNanoSeconds?.Value;
        var rate = cumulative is { } total ? cpuCache.Update(key, usage.Timestamp, total) : null;
        return (new CpuStats
        {
            Time = FromNanoseconds(usage.Timestamp),
            UsageCoreNanoSeconds = cumulative,
            UsageNanoCores = usage.UsageNanoCores?.Value ?? rate?.NanoCores,
        }, rate?.Window);
    }
}
