using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Queue;

/// <summary>A pod waiting in the scheduling queue, with its attempt history.</summary>
internal sealed class QueuedPodInfo
{
    public QueuedPodInfo(PodInfo pod, DateTimeOffset now, long sequence)
    {
        PodInfo = pod;
        Timestamp = now;
        InitialAttemptTimestamp = now;
        Sequence = sequence;
    }

    public PodInfo PodInfo { get; set; }

    /// <summary>When the pod was last added to or moved within the queue; orders equal-priority pods.</summary>
    public DateTimeOffset Timestamp { get; set; }

    public DateTimeOffset InitialAttemptTimestamp { get; }

    public int Attempts { get; set; }

    public long Sequence { get; set; }

    /// <summary>Plugins that rejected the pod in its last attempt; events that concern none of them leave it waiting.</summary>
    public HashSet<string> UnschedulablePlugins { get; } = new(StringComparer.Ordinal);

    public DateTimeOffset BackoffExpiry { get; set; }
}
