using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Nodes;

internal static partial class NodeAgentLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Registered node {Node}")]
    public static partial void Registered(ILogger logger, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {Node}: {What} failed")]
    public static partial void Failed(ILogger logger, Exception exception, string node, string what);
}
