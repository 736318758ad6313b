using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Pleg;

internal static partial class PlegLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "PLEG relist failed")]
    public static partial void RelistFailed(ILogger logger, Exception exception);
}
