using Grpc.Core;
using Grpc.Net.Client;

namespace KubeSharp.Kubelet.Prober.Probes;

/// <summary>
/// gRPC probes (upstream's pkg/probe/grpc): grpc.health.v1.Health/Check over plaintext HTTP/2 to the pod IP; SERVING is
/// success, anything else a failure with upstream's messages.
/// </summary>
internal sealed class GrpcProbe(TimeProvider timeProvider)
{
    private static readonly Method<byte[], byte[]> CheckMethod = new(
        MethodType.Unary,
        HealthCheckMessages.ServiceName,
        "Check",
        Marshallers.Create(static bytes => bytes, static bytes => bytes),
        Marshallers.Create(static bytes => bytes, static bytes => bytes));

    public async Task<ProbeOutcome> ProbeAsync(string host, int port, string? service, int timeoutSeconds, CancellationToken cancellationToken)
    {
        var address = TcpProbe.HostPort(host, port);
        var timeout = ContainerPorts.GoDuration(timeoutSeconds);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds), timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        using var handler = new SocketsHttpHandler { UseProxy = false, EnableMultipleHttp2Connections = false };
        using var channel = GrpcChannel.ForAddress($"http://{address}", new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = false,
            MaxRetryAttempts = 0,
        });
        try
        {
            var headers = new Metadata { { "user-agent", HttpProbe.UserAgent } };
            using var call = channel.CreateCallInvoker().AsyncUnaryCall(
                CheckMethod, null, new CallOptions(headers, cancellationToken: linked.Token), HealthCheckMessages.EncodeRequest(service ?? string.Empty));
            var status = HealthCheckMessages.DecodeResponse(await call.ResponseAsync.ConfigureAwait(false));
            return status == 1
                ? ProbeOutcome.Success("service is serving")
                : ProbeOutcome.Failure($"service unhealthy (responded with \"{HealthCheckMessages.StatusName(status)}\")");
        }
        catch (RpcException ex) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return ex.StatusCode == StatusCode.Unavailable
                ? ProbeOutcome.Failure($"timeout: failed to connect service \"{address}\" within {timeout}: context deadline exceeded")
                : ProbeOutcome.Failure($"timeout: health rpc did not complete within {timeout}");
        }
        catch (RpcException ex)
        {
            return ex.StatusCode switch
            {
                StatusCode.Unimplemented => ProbeOutcome.Failure($"this server does not implement the grpc health protocol (grpc.health.v1.Health): {ex.Status.Detail}"),
                StatusCode.DeadlineExceeded => ProbeOutcome.Failure($"timeout: health rpc did not complete within {timeout}"),
                StatusCode.Unavailable => ProbeOutcome.Failure($"error: failed to connect service at \"{address}\": {ex.Status.Detail}"),
                _ => ProbeOutcome.Failure($"error: health rpc probe failed: rpc error: code = {ex.StatusCode} desc = {ex.Status.Detail}"),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeOutcome.Failure($"timeout: health rpc did not complete within {timeout}");
        }
    }
}
