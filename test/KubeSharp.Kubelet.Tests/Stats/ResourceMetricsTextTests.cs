using KubeSharp.Kubelet.Stats;

namespace KubeSharp.Kubelet.Tests.Stats;

public sealed class ResourceMetricsTextTests
{
    [Fact]
    public void Render_Summary_UpstreamMetricNamesLabelsAndTimestamps()
    {
        var time = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var summary = new Summary
        {
            Node = new NodeStats
            {
                NodeName = "node-1",
                Cpu = new CpuStats { Time = time, UsageCoreNanoSeconds = 2_500_000_000 },
                Memory = new MemoryStats { Time = time, WorkingSetBytes = 1024 },
            },
            Pods =
            [
                new PodStats
                {
                    PodRef = new PodReference("web", "default", "uid"),
                    Cpu = new CpuStats { Time = time, UsageCoreNanoSeconds = 1_000_000_000 },
                    Memory = new MemoryStats { Time = time, WorkingSetBytes = 10 },
                    Containers = [new ContainerStats { Name = "app", StartTime = time, Cpu = new CpuStats { Time = time, UsageCoreNanoSeconds = 500_000_000 }, Memory = new MemoryStats { Time = time, WorkingSetBytes = 7 } }],
                },
            ],
        };

        var lines = ResourceMetricsText.Render(summary).Split('\n');

        Assert.Contains("container_cpu_usage_seconds_total{container=\"app\",namespace=\"default\",pod=\"web\"} 0.5 1735689600000", lines);
        Assert.Contains("container_memory_working_set_bytes{container=\"app\",namespace=\"default\",pod=\"web\"} 7 1735689600000", lines);
        Assert.Contains("container_start_time_seconds{container=\"app\",namespace=\"default\",pod=\"web\"} 1735689600 1735689600000", lines);
        Assert.Contains("node_cpu_usage_seconds_total 2.5 1735689600000", lines);
        Assert.Contains("node_memory_working_set_bytes 1024 1735689600000", lines);
        Assert.Contains("pod_cpu_usage_seconds_total{namespace=\"default\",pod=\"web\"} 1 1735689600000", lines);
        Assert.Contains("pod_memory_working_set_bytes{namespace=\"default\",pod=\"web\"} 10 1735689600000", lines);
        Assert.Contains("# TYPE node_cpu_usage_seconds_total counter", lines);
        Assert.Contains("resource_scrape_error 0", lines);
    }
}
