using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Status;

internal static partial class StatusManagerLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Patched status of pod {Namespace}/{Name}: phase {Phase}")]
    public static partial void Patched(ILogger logger, string @namespace, string name, string? phase);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted terminated pod {Namespace}/{Name}")]
    public static partial void Deleted(ILogger logger, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Status sync of pod {Namespace}/{Name} failed")]
    public static partial void SyncFailed(ILogger logger, Exception exception, string @namespace, string name);
}
