using System.Diagnostics;
using System.Globalization;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Scheduler.Benchmarks;

/// <summary>
/// Upstream scheduler_perf's SchedulingBasic in memory: nodes from node-default.yaml (4 cpu, 32Gi, 110 pods),
/// pods from pod-default.yaml (100m cpu, 500Mi requested), some placed first, then the measured ones timed.
/// </summary>
public static class SchedulingBasicBenchmark
{
    /// <summary>Runs the workload and returns the measured pods scheduled per second.</summary>
    public static async Task<double> RunAsync(int nodes, int placedPods, int measuredPods, TextWriter output, CancellationToken ct)
    {
        var binder = new InMemoryBinder();
        using var scheduler = new Scheduler(new SchedulerOptions(), binder, TimeProvider.System, NullLogger.Instance);
        binder.Scheduler = scheduler;
        for (var i = 0; i < nodes; i++)
        {
            scheduler.OnNodeAdded(Node($"scheduler-perf-{i}"));
        }

        await ScheduleAllAsync(scheduler, "init", placedPods, ct).ConfigureAwait(false);
        // CPU time is reported too: on a shared machine the wall-clock rate mostly measures the neighbours.
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var scheduled = await ScheduleAllAsync(scheduler, "measured", measuredPods, ct).ConfigureAwait(false);
        watch.Stop();
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        var rate = scheduled / watch.Elapsed.TotalSeconds;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"SchedulingBasic {nodes} nodes, {placedPods} init pods, {measuredPods} measured pods: {scheduled} scheduled in {watch.Elapsed.TotalSeconds:F2} s = {rate:F0} pods/s (process CPU {cpu:F2} s = {scheduled / Math.Max(cpu, 1e-9):F0} pods per CPU-second)")).ConfigureAwait(false);
        return rate;
    }

    private static async Task<int> ScheduleAllAsync(Scheduler scheduler, string prefix, int count, CancellationToken ct)
    {
        for (var i = 0; i < count; i++)
        {
            scheduler.OnPodAdded(Pod($"{prefix}-{i}"));
        }
        var scheduled = 0;
        while (await scheduler.ScheduleOneAsync(ct).ConfigureAwait(false) is { } result)
        {
            if (result.Succeeded)
            {
                scheduled++;
            }
        }
        await scheduler.WaitForBindingsAsync(ct).ConfigureAwait(false);
        return scheduled;
    }

    private static V1Node Node(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name } },
        Spec = new V1NodeSpec(),
        Status = new V1NodeStatus
        {
            Capacity = new Dictionary<string, ResourceQuantity>
            {
                ["pods"] = new("110"),
                ["cpu"] = new("4"),
                ["memory"] = new("32Gi"),
            },
            Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }],
        },
    };

    private static V1Pod Pod(string name)
    {
        var resources = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("500Mi") };
        return new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "namespace-1", Uid = Guid.NewGuid().ToString() },
            Spec = new V1PodSpec
            {
                SchedulerName = "default-scheduler",
                Containers =
                [
                    new V1Container
                    {
                        Name = "pause",
                        Image = "registry.k8s.io/pause:3.10.1",
                        Ports = [new V1ContainerPort { ContainerPort = 80 }],
                        Resources = new V1ResourceRequirements { Requests = resources, Limits = resources },
                    },
                ],
            },
        };
    }

    /// <summary>Binds instantly and echoes the bound pod back as the informer would.</summary>
    private sealed class InMemoryBinder : IPodBinder
    {
        public Scheduler? Scheduler { get; set; }

        public Task BindAsync(V1Pod pod, string nodeName, CancellationToken ct)
        {
            var bound = new V1Pod { Metadata = pod.Metadata, Spec = pod.Spec, Status = pod.Status };
            bound.Spec = new V1PodSpec
            {
                Containers = pod.Spec.Containers,
                SchedulerName = pod.Spec.SchedulerName,
                NodeName = nodeName,
            };
            Scheduler!.OnPodUpdated(bound);
            return Task.CompletedTask;
        }

        public Task DeletePodAsync(V1Pod victim, CancellationToken ct) => Task.CompletedTask;

        public Task RecordFailureAsync(V1Pod pod, string message, string? nominatedNodeName, CancellationToken ct) => Task.CompletedTask;
    }
}
