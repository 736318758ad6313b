using System.Net.Sockets;

namespace KubeSharp.Kubelet.Prober.Probes;

/// <summary>TCP socket probes (upstream's pkg/probe/tcp): success when a connection opens within the timeout.</summary>
internal sealed class TcpProbe(TimeProvider timeProvider)
{
    public async Task<ProbeOutcome> ProbeAsync(string host, int port, int timeoutSeconds, CancellationToken cancellationToken)
    {
        var address = HostPort(host, port);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds), timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        using var client = new TcpClient(AddressFamilyOf(host));
        try
        {
            await client.ConnectAsync(host, port, linked.Token).ConfigureAwait(false);
            return ProbeOutcome.Success(string.Empty);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeOutcome.Failure($"dial tcp {address}: i/o timeout");
        }
        catch (SocketException ex)
        {
            return ProbeOutcome.Failure($"dial tcp {address}: {DialError(ex)}");
        }
    }

    /// <summary>Go's net.JoinHostPort: IPv6 literals in brackets.</summary>
    public static string HostPort(string host, int port) => host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port}" : $"{host}:{port}";

    /// <summary>The wording of Go's dial errors for the common cases, as they show in upstream's events.</summary>
    public static string DialError(SocketException ex) => ex.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connect: connection refused",
        SocketError.HostUnreachable => "connect: no route to host",
        SocketError.NetworkUnreachable => "connect: network is unreachable",
        SocketError.TimedOut => "i/o timeout",
        _ => ex.Message,
    };

    private static AddressFamily AddressFamilyOf(string host) =>
        System.Net.IPAddress.TryParse(host, out var ip) ? ip.AddressFamily : AddressFamily.InterNetwork;
}
