using System.Net;
using System.Net.Sockets;
using KubeSharp.Kubelet.Prober.Probes;

namespace KubeSharp.Kubelet.Tests.Prober;

public sealed class TcpProbeTests
{
    [Fact]
    public async Task ProbeAsync_Listening_Success()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var outcome = await new TcpProbe(TimeProvider.System).ProbeAsync("127.0.0.1", port, 1, CancellationToken.None);

        Assert.Equal(ProbeOutcomeKind.Success, outcome.Kind);
    }

    [Fact]
    public async Task ProbeAsync_NothingListening_ConnectionRefused()
    {
        var port = KubeSharp.Testing.FreePort.Next();

        var outcome = await new TcpProbe(TimeProvider.System).ProbeAsync("127.0.0.1", port, 1, CancellationToken.None);

        Assert.Equal(ProbeOutcome.Failure($"dial tcp 127.0.0.1:{port}: connect: connection refused"), outcome);
    }
}
