using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Hosting;

internal static partial class KubeletLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Kubelet of node {Node} started; runtime {Runtime} {Version}")]
    public static partial void Started(ILogger logger, string node, string runtime, string version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removing orphaned pod {Uid} from the runtime")]
    public static partial void RemovingOrphan(ILogger logger, string uid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Evicted pod {Pod}: an eviction threshold is met")]
    public static partial void Evicted(ILogger logger, string pod);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Housekeeping failed")]
    public static partial void HousekeepingFailed(ILogger logger, Exception exception);
}
