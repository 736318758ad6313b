using k8s.Models;

namespace KubeSharp.Scheduler;

/// <summary>The outcome of one scheduling attempt.</summary>
public sealed record ScheduleResult
{
    public required V1Pod Pod { get; init; }

    /// <summary>The node the pod was assumed on and is being bound to; null when the attempt failed.</summary>
    public string? NodeName { get; init; }

    /// <summary>The FailedScheduling message when the attempt failed.</summary>
    public string? FailureMessage { get; init; }

    /// <summary>The node preemption reserved for the pod ("" clears a previous nomination), if preemption ran.</summary>
    public string? NominatedNodeName { get; init; }

    /// <summary>Pods evicted to make room for this one.</summary>
    public IReadOnlyList<V1Pod> Victims { get; init; } = [];

    public int EvaluatedNodes { get; init; }

    public int FeasibleNodes { get; init; }

    public bool Succeeded => NodeName is not null;
}
