using k8s.Models;

namespace KubeSharp.Scheduler.Framework;

/// <summary>What preemption decided: the node nominated for the pod and the pods to evict from it.</summary>
internal sealed record PostFilterResult(string NominatedNodeName, IReadOnlyList<V1Pod> Victims);
