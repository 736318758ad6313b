using k8s.Models;

namespace KubeSharp.Scheduler;

/// <summary>The scheduler's only way out: the caller turns these into API calls.</summary>
public interface IPodBinder
{
    /// <summary>Creates the pods/binding subresource that places <paramref name="pod"/> on <paramref name="nodeName"/>.</summary>
    Task BindAsync(V1Pod pod, string nodeName, CancellationToken ct);

    /// <summary>Deletes a pod chosen as a preemption victim.</summary>
    Task DeletePodAsync(V1Pod victim, CancellationToken ct);

    /// <summary>
    /// Reports a failed attempt: the caller records a FailedScheduling Warning event with <paramref name="message"/>,
    /// sets PodScheduled=False (reason Unschedulable) and, when given, status.nominatedNodeName ("" clears it).
    /// </summary>
    Task RecordFailureAsync(V1Pod pod, string message, string? nominatedNodeName, CancellationToken ct);
}
