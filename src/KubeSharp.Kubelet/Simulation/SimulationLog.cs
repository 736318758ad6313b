using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Simulation;

internal static partial class SimulationLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Registered {Count} simulated nodes ({Prefix}0…)")]
    public static partial void NodesRegistered(ILogger logger, int count, string prefix);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registering simulated node {Node} failed")]
    public static partial void RegisterFailed(ILogger logger, string node, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Kind} for {Target} failed; retrying")]
    public static partial void WriteFailed(ILogger logger, SimulationWorkKind kind, string target, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Kind} for {Target} done")]
    public static partial void WriteDone(ILogger logger, SimulationWorkKind kind, string target);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pod watch ended ({Reason}); listing again")]
    public static partial void Relisting(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pod list or watch failed; retrying")]
    public static partial void WatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulated node pool stopped; its {Count} nodes fall silent")]
    public static partial void Stopped(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting simulated node {Node} on stop failed")]
    public static partial void DeleteFailed(ILogger logger, string node, Exception exception);
}
