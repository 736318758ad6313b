using k8s.Models;

namespace KubeSharp.Kubelet.Simulation;

/// <summary>What the pool knows of one pod bound to one of its nodes. Guarded by the pool's lock.</summary>
internal sealed class SimulatedPod(string uid, SimulatedNode node, V1Pod pod)
{
    public string Uid { get; } = uid;

    public SimulatedNode Node { get; } = node;

    /// <summary>The latest copy seen through the watch.</summary>
    public V1Pod Pod { get; set; } = pod;

    public string Namespace => Pod.Metadata.NamespaceProperty ?? "default";

    public string Name => Pod.Metadata.Name;

    public bool IsJobPod => Pod.Metadata.OwnerReferences?.Any(o => o.Kind == "Job") == true;

    /// <summary>Start was scheduled or done: the pod needs nothing more until it completes or is deleted.</summary>
    public bool Started { get; set; }

    public bool Deleting { get; set; }

    public string? PodIp { get; set; }

    public DateTimeOffset? StartTime { get; set; }
}
