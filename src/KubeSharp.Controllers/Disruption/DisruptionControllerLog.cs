using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.Disruption;

internal static partial class DisruptionControllerLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Failed to sync PodDisruptionBudget {Key}")]
    public static partial void SyncFailed(ILogger logger, string key, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pod {Pod} was expected by PodDisruptionBudget {Key} to be deleted but it was not")]
    public static partial void NotDeleted(ILogger logger, string pod, string key);

    [LoggerMessage(Level = LogLevel.Debug, Message = "PodDisruptionBudget {Key} has pods without a controller: {Pods}")]
    public static partial void UnmanagedPods(ILogger logger, string key, string pods);
}
