namespace KubeSharp.Kubelet.Simulation;

/// <summary>One write to make when it falls due: a node heartbeat or a step in a pod's life.</summary>
internal readonly record struct SimulationWork(SimulationWorkKind Kind, SimulatedNode Node, SimulatedPod? Pod = null);
