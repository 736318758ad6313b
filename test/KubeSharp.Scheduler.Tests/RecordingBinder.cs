using System.Collections.Concurrent;
using k8s.Models;

namespace KubeSharp.Scheduler.Tests;

/// <summary>An in-memory binder that records calls and echoes binds back to the scheduler like an informer.</summary>
internal sealed class RecordingBinder : IPodBinder
{
    public Scheduler? Scheduler { get; set; }

    public ConcurrentDictionary<string, string> Bound { get; } = new();

    public ConcurrentQueue<(string Pod, string Message, string? Nominated)> Failures { get; } = new();

    public ConcurrentQueue<string> Deleted { get; } = new();

    public Func<V1Pod, Exception?>? FailBind { get; set; }

    public Task BindAsync(V1Pod pod, string nodeName, CancellationToken ct)
    {
        if (FailBind?.Invoke(pod) is { } ex)
        {
            throw ex;
        }
        Bound[pod.Name()] = nodeName;
        var bound = new V1Pod
        {
            Metadata = pod.Metadata,
            Spec = new V1PodSpec
            {
                Containers = pod.Spec.Containers,
                Affinity = pod.Spec.Affinity,
                TopologySpreadConstraints = pod.Spec.TopologySpreadConstraints,
                Priority = pod.Spec.Priority,
                SchedulerName = pod.Spec.SchedulerName,
                NodeName = nodeName,
            },
            Status = new V1PodStatus { Phase = "Running" },
        };
        Scheduler?.OnPodUpdated(bound);
        return Task.CompletedTask;
    }

    public Task DeletePodAsync(V1Pod victim, CancellationToken ct)
    {
        Deleted.Enqueue(victim.Name());
        return Task.CompletedTask;
    }

    public Task RecordFailureAsync(V1Pod pod, string message, string? nominatedNodeName, CancellationToken ct)
    {
        Failures.Enqueue((pod.Name(), message, nominatedNodeName));
        return Task.CompletedTask;
    }
}
