using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Proxy;

/// <summary>The websocket subprotocols a kubelet (through containerd's streaming server) speaks.</summary>
internal static class StreamingProtocols
{
    /// <summary>Channel protocols of remotecommand up to v4 (containerd 1.6 has no v5).</summary>
    private static readonly HashSet<string> RemoteCommand = new(StringComparer.Ordinal)
    {
        "channel.k8s.io", "base64.channel.k8s.io", "v4.channel.k8s.io", "v4.base64.channel.k8s.io",
    };

    private static readonly HashSet<string> PortForward = new(StringComparer.Ordinal)
    {
        "portforward.k8s.io", "base64.portforward.k8s.io", "v4.channel.k8s.io", "v4.base64.channel.k8s.io",
    };

    public static bool IsWebSocket(HttpRequest request) =>
        request.Headers.Upgrade.ToString().Contains("websocket", StringComparison.OrdinalIgnoreCase);

    /// <summary>Offered subprotocols, in the client's order.</summary>
    public static IReadOnlyList<string> Offered(HttpRequest request) =>
        [.. request.Headers["Sec-WebSocket-Protocol"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))];

    /// <summary>Whether relaying the websocket request unchanged would reach a protocol the kubelet serves.</summary>
    public static bool KubeletServesWebSocket(HttpRequest request, string subresource)
    {
        var offered = Offered(request);
        var served = subresource == "portforward" ? PortForward : RemoteCommand;
        return offered.Count == 0 || offered.Any(served.Contains);
    }
}
