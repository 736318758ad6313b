using System.Buffers.Binary;
using KubeSharp.Kubelet.Prober.Probes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace KubeSharp.Kubelet.Tests.Prober;

public sealed class GrpcProbeTests
{
    /// <summary>A hand-rolled grpc.health.v1 server over h2c: "" is SERVING, "down" NOT_SERVING.</summary>
    private static Task<LoopbackServer> StartHealthServerAsync() => LoopbackServer.StartAsync(
        app => app.MapPost("/grpc.health.v1.Health/Check", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var service = HealthCheckMessages.DecodeRequest(body.ToArray()[5..]);
            var message = HealthCheckMessages.EncodeResponse(service == "down" ? 2 : 1);
            var frame = new byte[5 + message.Length];
            BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
            message.CopyTo(frame, 5);
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.WriteAsync(frame);
            context.Response.AppendTrailer("grpc-status", "0");
        }),
        HttpProtocols.Http2);

    [Fact]
    public async Task ProbeAsync_Serving_Success()
    {
        await using var server = await StartHealthServerAsync();

        var outcome = await new GrpcProbe(TimeProvider.System).ProbeAsync("127.0.0.1", server.Port, null, 5, CancellationToken.None);

        Assert.Equal(ProbeOutcome.Success("service is serving"), outcome);
    }

    [Fact]
    public async Task ProbeAsync_NotServing_FailureWithStatusName()
    {
        await using var server = await StartHealthServerAsync();

        var outcome = await new GrpcProbe(TimeProvider.System).ProbeAsync("127.0.0.1", server.Port, "down", 5, CancellationToken.None);

        Assert.Equal(ProbeOutcome.Failure("service unhealthy (responded with \"NOT_SERVING\")"), outcome);
    }

    [Fact]
    public async Task ProbeAsync_NoHealthService_Unimplemented()
    {
        await using var server = await LoopbackServer.StartAsync(_ => { }, HttpProtocols.Http2);

        var outcome = await new GrpcProbe(TimeProvider.System).ProbeAsync("127.0.0.1", server.Port, null, 5, CancellationToken.None);

        Assert.Equal(ProbeOutcomeKind.Failure, outcome.Kind);
        Assert.StartsWith("this server does not implement the grpc health protocol (grpc.health.v1.Health): ", outcome.Output);
    }

    [Fact]
    public async Task ProbeAsync_NothingListening_FailsToConnect()
    {
        var port = KubeSharp.Testing.FreePort.Next();

        var outcome = await new GrpcProbe(TimeProvider.System).ProbeAsync("127.0.0.1", port, null, 5, CancellationToken.None);

        Assert.Equal(ProbeOutcomeKind.Failure, outcome.Kind);
        Assert.StartsWith($"error: failed to connect service at \"127.0.0.1:{port}\": ", outcome.Output);
    }

    [Fact]
    public void HealthCheckMessages_RoundTrip_MatchesProtobufEncoding()
    {
        Assert.Equal([0x0a, 0x03, (byte)'a', (byte)'p', (byte)'i'], HealthCheckMessages.EncodeRequest("api"));
        Assert.Empty(HealthCheckMessages.EncodeRequest(string.Empty));
        Assert.Equal("api", HealthCheckMessages.DecodeRequest(HealthCheckMessages.EncodeRequest("api")));
        Assert.Equal([0x08, 0x01], HealthCheckMessages.EncodeResponse(1));
        Assert.Equal(2, HealthCheckMessages.DecodeResponse([0x08, 0x02]));
        Assert.Equal(0, HealthCheckMessages.DecodeResponse([]));
    }
}
