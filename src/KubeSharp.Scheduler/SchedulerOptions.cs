namespace KubeSharp.Scheduler;

/// <summary>Scheduler settings; the defaults are upstream's.</summary>
public sealed class SchedulerOptions
{
    /// <summary>Pods whose spec.schedulerName is this are ours. Default "default-scheduler".</summary>
    public string SchedulerName { get; set; } = "default-scheduler";

    /// <summary>
    /// Percentage of nodes to examine once enough feasible nodes are found; null (default) is adaptive:
    /// 50% minus 1% per 125 nodes, at least 5%, and never fewer than 100 nodes.
    /// </summary>
    public int? PercentageOfNodesToScore { get; set; }

    /// <summary>Backoff after the first failed attempt, doubled per attempt. Default 1 s.</summary>
    public TimeSpan PodInitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of the backoff. Default 10 s.</summary>
    public TimeSpan PodMaxBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a pod stays unschedulable without a relevant event before it is retried. Default 5 min.</summary>
    public TimeSpan PodMaxInUnschedulablePodsDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Seed for tie-breaking between equally scored nodes; null uses a shared random source.</summary>
    public int? RandomSeed { get; set; }
}
