using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.GarbageCollector;

internal static partial class GarbageCollectorLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Garbage collector monitors {Count} resources")]
    public static partial void Monitoring(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Garbage collector discovery failed; keeping the current monitors")]
    public static partial void DiscoveryFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not all garbage collector monitors synced within {Timeout}; starting anyway")]
    public static partial void SyncTimedOut(ILogger logger, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleting {Node} with propagation {Policy}: no owner of it remains")]
    public static partial void Deleting(ILogger logger, GraphNode node, string policy);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removing owner references {Uids} from {Node}")]
    public static partial void RemovingOwnerReferences(ILogger logger, GraphNode node, string uids);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removing finalizer {Finalizer} from {Node}")]
    public static partial void RemovingFinalizer(ILogger logger, GraphNode node, string finalizer);
}
