using KubeSharp.Controllers.Runtime;

namespace KubeSharp.Server;

/// <summary>What `kubesharp server` runs beside the API server.</summary>
internal sealed class ControlPlaneOptions
{
    public bool RunControllers { get; init; } = true;

    public bool RunScheduler { get; init; } = true;

    /// <summary>Simulated nodes to run in this process (0: none).</summary>
    public int SimulatedNodes { get; init; }

    public ControllerManagerOptions Controllers { get; init; } = new();
}
