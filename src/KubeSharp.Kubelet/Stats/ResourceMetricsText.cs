using System.Globalization;
using System.Text;

namespace KubeSharp.Kubelet.Stats;

/// <summary>
/// The kubelet's /metrics/resource endpoint (Prometheus text) rendered from a summary: cumulative cpu seconds and
/// working sets of the node, pods and containers with upstream's metric names, which metrics-server scrapes.
/// </summary>
internal static class ResourceMetricsText
{
    public static string Render(Summary summary)
    {
        var text = new StringBuilder();
        var node = summary.Node;
        Header(text, "container_cpu_usage_seconds_total", "Cumulative cpu time consumed by the container in core-seconds", "counter");
        foreach (var (pod, container) in Containers(summary))
        {
            if (container.Cpu is { UsageCoreNanoSeconds: { } cpu } stats)
            {
                Sample(text, "container_cpu_usage_seconds_total", ContainerLabels(pod, container), cpu / 1e9, stats.Time);
            }
        }

        Header(text, "container_memory_working_set_bytes", "Current working set of the container in bytes", "gauge");
        foreach (var (pod, container) in Containers(summary))
        {
            if (container.Memory is { WorkingSetBytes: { } memory } stats)
            {
                Sample(text, "container_memory_working_set_bytes", ContainerLabels(pod, container), memory, stats.Time);
            }
        }

        Header(text, "container_start_time_seconds", "Start time of the container since unix epoch in seconds", "gauge");
        foreach (var (pod, container) in Containers(summary))
        {
            if (container.StartTime is { } start)
            {
                Sample(text, "container_start_time_seconds", ContainerLabels(pod, container), start.ToUnixTimeSeconds(), start);
            }
        }

        Header(text, "node_cpu_usage_seconds_total", "Cumulative cpu time consumed by the node in core-seconds", "counter");
        if (node.Cpu is { UsageCoreNanoSeconds: { } nodeCpu } nodeCpuStats)
        {
            Sample(text, "node_cpu_usage_seconds_total", string.Empty, nodeCpu / 1e9, nodeCpuStats.Time);
        }

        Header(text, "node_memory_working_set_bytes", "Current working set of the node in bytes", "gauge");
        if (node.Memory is { WorkingSetBytes: { } nodeMemory } nodeMemoryStats)
        {
            Sample(text, "node_memory_working_set_bytes", string.Empty, nodeMemory, nodeMemoryStats.Time);
        }

        Header(text, "pod_cpu_usage_seconds_total", "Cumulative cpu time consumed by the pod in core-seconds", "counter");
        foreach (var pod in summary.Pods)
        {
            if (pod.Cpu is { UsageCoreNanoSeconds: { } cpu } stats)
            {
                Sample(text, "pod_cpu_usage_seconds_total", PodLabels(pod), cpu / 1e9, stats.Time);
            }
        }

        Header(text, "pod_memory_working_set_bytes", "Current working set of the pod in bytes", "gauge");
        foreach (var pod in summary.Pods)
        {
            if (pod.Memory is { WorkingSetBytes: { } memory } stats)
            {
                Sample(text, "pod_memory_working_set_bytes", PodLabels(pod), memory, stats.Time);
            }
        }

        Header(text, "resource_scrape_error", "1 if there was an error while getting container metrics, 0 otherwise", "gauge");
        text.Append("resource_scrape_error 0\n");
        return text.ToString();
    }

    private static IEnumerable<(PodStats Pod, ContainerStats Container)> Containers(Summary summary) =>
        summary.Pods.SelectMany(p => p.Containers.Select(c => (p, c)));

    private static string ContainerLabels(PodStats pod, ContainerStats container) =>
        $"{{container=\"{Escape(container.Name)}\",namespace=\"{Escape(pod.PodRef.Namespace)}\",pod=\"{Escape(pod.PodRef.Name)}\"}}";

    private static string PodLabels(PodStats pod) =>
        $"{{namespace=\"{Escape(pod.PodRef.Namespace)}\",pod=\"{Escape(pod.PodRef.Name)}\"}}";

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    private static void Header(StringBuilder text, string name, string help, string type) =>
        text.Append("# HELP ").Append(name).Append(" [STABLE] ").Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Sample(StringBuilder text, string name, string labels, double value, DateTimeOffset time) =>
        text.Append(name).Append(labels).Append(' ')
            .Append(value.ToString("R", CultureInfo.InvariantCulture)).Append(' ')
            .Append(time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)).Append('\n');
}
