using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.PodWorkers;

internal static partial class PodWorkersLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Error syncing pod {Pod} ({State}): {Message}")]
    public static partial void SyncFailed(ILogger logger, string pod, PodWorkerState state, string message);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pod {Pod} moved to {State}")]
    public static partial void StateChanged(ILogger logger, string pod, PodWorkerState state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Error syncing pod {Pod}")]
    public static partial void SyncError(ILogger logger, Exception exception, string pod);
}
