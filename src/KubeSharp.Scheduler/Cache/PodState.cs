using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Cache;

/// <summary>A pod the cache accounts for on a node; assumed pods are ours, awaiting the bind's confirmation.</summary>
internal sealed record PodState(PodInfo Pod, string NodeName, bool Assumed);
