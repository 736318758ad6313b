using System.Net.Sockets;
using Grpc.Net.Client;

namespace KubeSharp.Kubelet.Cri;

/// <summary>A gRPC channel to a CRI runtime listening on a unix socket (containerd's CRI plugin).</summary>
internal static class CriChannel
{
    /// <summary>Opens a channel to <paramref name="endpoint"/>: <c>unix:///run/containerd/containerd.sock</c> or a plain path.</summary>
    public static GrpcChannel Create(string endpoint)
    {
        var path = endpoint.StartsWith("unix://", StringComparison.Ordinal) ? endpoint["unix://".Length..] : endpoint;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        };

        // The authority is not used by a unix socket; gRPC still needs an http URI.
        return GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
        {
            HttpHandler = handler,
            MaxReceiveMessageSize = 16 * 1024 * 1024,
        });
    }
}
