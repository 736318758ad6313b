using Microsoft.Extensions.Logging;

namespace KubeSharp.Client;

internal static partial class ControllerLoopLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Syncing {Key} failed (requeues so far: {Requeues}); requeueing with backoff")]
    public static partial void SyncFailed(ILogger logger, string key, int requeues, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Syncing {Key} met a conflict (requeues so far: {Requeues}); requeueing with backoff")]
    public static partial void SyncConflicted(ILogger logger, string key, int requeues);
}
