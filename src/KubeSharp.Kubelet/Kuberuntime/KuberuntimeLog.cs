using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Kuberuntime;

internal static partial class KuberuntimeLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Created sandbox {SandboxId} for pod {Pod}")]
    public static partial void SandboxCreated(ILogger logger, string sandboxId, string pod);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Container {Container} of pod {Pod} did not start: {Reason}: {Message}")]
    public static partial void StartFailed(ILogger logger, string container, string pod, string reason, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Runtime call failed for {What}")]
    public static partial void RuntimeCallFailed(ILogger logger, Exception exception, string what);
}
