namespace KubeSharp.Kubelet.Simulation;

/// <summary>The writes a simulated node makes to the API server.</summary>
internal enum SimulationWorkKind
{
    RenewLease,
    UpdateNodeStatus,
    StartPod,
    CompletePod,
    DeletePod,
}
