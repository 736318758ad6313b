using System.Buffers;
using System.Net.WebSockets;
using KubeSharp.Api.HttpStream;
using KubeSharp.Api.HttpStream.Spdy;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Proxy;

/// <summary>
/// exec and attach for websocket clients speaking <c>v5.channel.k8s.io</c> (kubectl ≥ 1.31's default), translated to
/// SPDY/3.1 <c>v4.channel.k8s.io</c> towards the kubelet, as upstream's StreamTranslator does (the runtime's streaming
/// server speaks no v5). Websocket messages carry a channel byte: 0 stdin, 1 stdout, 2 stderr, 3 error (the final
/// Status), 4 resize; v5 adds 255, the client's "close this channel" signal, which becomes FIN on the SPDY stream so
/// the command sees EOF on its stdin. The API server is the SPDY client: one stream per channel, as client-go opens them.
/// </summary>
internal static class RemoteCommandTranslator
{
    public const string Protocol = "v5.channel.k8s.io";

    private const byte StdinChannel = 0;
    private const byte StdoutChannel = 1;
    private const byte StderrChannel = 2;
    private const byte ErrorChannel = 3;
    private const byte ResizeChannel = 4;
    private const byte CloseSignal = 255;

    public static bool IsRequested(HttpRequest request) =>
        StreamingProtocols.IsWebSocket(request) && StreamingProtocols.Offered(request).Contains(Protocol);

    public static async Task ServeAsync(HttpContext context, Stream kubelet, string authority, string path, StreamOptions options,
        CancellationToken cancellationToken)
    {
        var response = await KubeletSpdyUpgrade.UpgradeAsync(context, kubelet, authority, path, ["v4.channel.k8s.io"], cancellationToken)
            .ConfigureAwait(false);
        if (response is null)
        {
            return;
        }

        var (socket, upgraded) = await WebSocketAccept.AcceptAsync(context, Protocol).ConfigureAwait(false);
        await using var spdy = new SpdyClientConnection(new PrefixedStream(response.Leftover, kubelet));
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var outputs = new Dictionary<uint, byte> { [await OpenAsync(spdy, "error", done.Token).ConfigureAwait(false)] = ErrorChannel };
            var inputs = new Dictionary<byte, uint>();
            if (options.Stdin)
            {
                inputs[StdinChannel] = await OpenAsync(spdy, "stdin", done.Token).ConfigureAwait(false);
            }

            if (options.Stdout)
            {
                outputs[await OpenAsync(spdy, "stdout", done.Token).ConfigureAwait(false)] = StdoutChannel;
            }

            if (options.Stderr)
            {
                outputs[await OpenAsync(spdy, "stderr", done.Token).ConfigureAwait(false)] = StderrChannel;
            }

            if (options.Tty)
            {
                inputs[ResizeChannel] = await OpenAsync(spdy, "resize", done.Token).ConfigureAwait(false);
            }

            var fromClient = ClientToKubeletAsync(socket, spdy, inputs, done.Token);
            var toClient = KubeletToClientAsync(spdy, socket, outputs, done.Token);
            await Task.WhenAny(fromClient, toClient).ConfigureAwait(false);
            await done.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(fromClient, toClient).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or WebSocketException or ObjectDisposedException)
        {
            // One side went away; the other goes with it.
        }
        finally
        {
            socket.Abort();
            socket.Dispose();
            await upgraded.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static Task<uint> OpenAsync(SpdyClientConnection spdy, string streamType, CancellationToken cancellationToken) =>
        spdy.OpenStreamAsync([new("streamtype", streamType)], cancellationToken);

    private static async Task ClientToKubeletAsync(WebSocket socket, SpdyClientConnection spdy, Dictionary<byte, uint> inputs,
        CancellationToken cancellationToken)
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

                if (result.Count == 0)
                {
                    continue;
                }

                var channel = buffer[0];
                var data = buffer.AsMemory(1, result.Count - 1);
                if (channel == CloseSignal)
                {
                    if (data.Length > 0 && inputs.TryGetValue(data.Span[0], out var closed))
                    {
                        await spdy.WriteDataAsync(closed, ReadOnlyMemory<byte>.Empty, fin: true, cancellationToken).ConfigureAwait(false);
                    }

                    await DiscardRestAsync(socket, result, buffer, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                inputs.TryGetValue(channel, out var streamId);
                while (true)
                {
                    if (streamId != 0 && data.Length > 0)
                    {
                        await spdy.WriteDataAsync(streamId, data, fin: false, cancellationToken).ConfigureAwait(false);
                    }

                    if (result.EndOfMessage)
                    {
                        break;
                    }

                    // A message in several frames: the channel byte came only with the first.
                    result = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
                    data = buffer.AsMemory(0, result.Count);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task DiscardRestAsync(WebSocket socket, WebSocketReceiveResult result, byte[] buffer, CancellationToken cancellationToken)
    {
        while (!result.EndOfMessage)
        {
            result = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task KubeletToClientAsync(SpdyClientConnection spdy, WebSocket socket, Dictionary<uint, byte> outputs,
        CancellationToken cancellationToken)
    {
        while (await spdy.ReadFrameAsync(cancellationToken).ConfigureAwait(false) is { } frame)
        {
            if (frame.Kind == SpdyFrameKind.GoAway)
            {
                break;
            }

            if (frame.Kind != SpdyFrameKind.Data || frame.Payload.Length == 0 || !outputs.TryGetValue(frame.StreamId, out var channel))
            {
                continue;
            }

            var message = new byte[frame.Payload.Length + 1];
            message[0] = channel;
            frame.Payload.CopyTo(message, 1);
            await socket.SendAsync(message, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }

        // Everything the kubelet sent, the final Status on the error channel last, has been relayed: the client reads
        // its streams to their end when the websocket closes.
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", cancellationToken).ConfigureAwait(false);
    }
}
