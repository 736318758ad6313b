using System.Buffers;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Proxy;

/// <summary>
/// Port-forward over websocket as kubectl ≥ 1.31 asks for it: subprotocol <c>SPDY/3.1+portforward.k8s.io</c>, the SPDY
/// session carried in binary messages. Like upstream's tunneling handler, the API server makes the SPDY upgrade to the
/// kubelet itself and then moves the SPDY bytes between the kubelet connection and the websocket messages.
/// </summary>
internal static class PortForwardTunnel
{
    public const string Protocol = "SPDY/3.1+portforward.k8s.io";

    public static bool IsRequested(HttpRequest request) =>
        StreamingProtocols.IsWebSocket(request) && StreamingProtocols.Offered(request).Contains(Protocol);

    public static async Task ServeAsync(HttpContext context, Stream kubelet, string authority, string path, CancellationToken cancellationToken)
    {
        var response = await KubeletSpdyUpgrade.UpgradeAsync(context, kubelet, authority, path, ["portforward.k8s.io"], cancellationToken)
            .ConfigureAwait(false);
        if (response is null)
        {
            return;
        }

        var (socket, upgraded) = await WebSocketAccept.AcceptAsync(context, Protocol).ConfigureAwait(false);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var fromClient = ClientToKubeletAsync(socket, kubelet, done.Token);
        var toClient = KubeletToClientAsync(kubelet, socket, response.Leftover, done.Token);
        await Task.WhenAny(fromClient, toClient).ConfigureAwait(false);
        await done.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(fromClient, toClient).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or WebSocketException or ObjectDisposedException)
        {
            // One side went away; the other goes with it.
        }

        socket.Abort();
        socket.Dispose();
        await upgraded.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task ClientToKubeletAsync(WebSocket socket, Stream kubelet, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(32 * 1024);
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                await kubelet.WriteAsync(buffer.AsMemory(0, result.Count), cancellationToken).ConfigureAwait(false);
                await kubelet.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task KubeletToClientAsync(Stream kubelet, WebSocket socket, byte[] leftover, CancellationToken cancellationToken)
    {
        if (leftover.Length > 0)
        {
            await socket.SendAsync(leftover, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(32 * 1024);
        try
        {
            int n;
            while ((n = await kubelet.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await socket.SendAsync(buffer.AsMemory(0, n), WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            }

            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
