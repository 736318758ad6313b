using System.CommandLine;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace KubeSharp.Server;

/// <summary>The node agent's flags, shared by `kubesharp server` and `kubesharp agent` (k3s' names).</summary>
internal sealed class NodeAgentFlags
{
    public Option<string?> NodeName { get; } = new("--node-name") { Description = "The node's name (default: the host name)" };

    public Option<string?> NodeIp { get; } = new("--node-ip") { Description = "The node's InternalIP, where its kubelet listens (default: the address of the default route)" };

    public Option<string[]> NodeLabels { get; } = new("--node-label") { Description = "A label key=value for the node", AllowMultipleArgumentsPerToken = true };

    public Option<string[]> NodeTaints { get; } = new("--node-taint") { Description = "A taint key=value:Effect for the node", AllowMultipleArgumentsPerToken = true };

    public Option<string?> RuntimeEndpoint { get; } = new("--container-runtime-endpoint")
    {
        Description = "Use this CRI socket instead of starting containerd (e.g. unix:///run/containerd/containerd.sock)",
    };

    public Option<string[]> InsecureRegistries { get; } = new("--insecure-registry")
    {
        Description = "A registry host:port reached over plain HTTP (e.g. a local docker-registry on 127.0.0.1:5000)", AllowMultipleArgumentsPerToken = true,
    };

    public Option<int> KubeletPort { get; } = new("--kubelet-port") { Description = "Port of the kubelet's server (logs, exec, port-forward)", DefaultValueFactory = _ => 10250 };

    public Option<string> EvictionHard { get; } = new("--eviction-hard")
    {
        Description = "Hard eviction thresholds; when one is met the node reports MemoryPressure, DiskPressure or PIDPressure",
        DefaultValueFactory = _ => Kubelet.Nodes.EvictionThreshold.Defaults,
    };

    public IEnumerable<Option> All => [NodeName, NodeIp, NodeLabels, NodeTaints, RuntimeEndpoint, InsecureRegistries, KubeletPort, EvictionHard];

    /// <summary>The options, or an error message for a bad flag.</summary>
    public (NodeAgentOptions? Options, string? Error) Read(ParseResult result, string dataDir, bool controlPlane)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in result.GetValue(NodeLabels) ?? [])
        {
            var at = label.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0)
            {
                return (null, $"invalid --node-label {label}: expected key=value");
            }

            labels[label[..at]] = label[(at + 1)..];
        }

        var taints = result.GetValue(NodeTaints) ?? [];
        if (taints.FirstOrDefault(t => !t.Contains(':', StringComparison.Ordinal)) is { } badTaint)
        {
            return (null, $"invalid --node-taint {badTaint}: expected key[=value]:Effect");
        }

        var nodeIp = result.GetValue(NodeIp) ?? DefaultNodeIp();
        if (!IPAddress.TryParse(nodeIp, out _))
        {
            return (null, $"invalid --node-ip {nodeIp}");
        }

        var port = result.GetValue(KubeletPort);
        if (port is < 1 or > 65535)
        {
            return (null, $"invalid --kubelet-port {port}");
        }

        IReadOnlyList<Kubelet.Nodes.EvictionThreshold> evictionHard;
        try
        {
            evictionHard = Kubelet.Nodes.EvictionThreshold.ParseList(result.GetValue(EvictionHard) ?? "");
        }
        catch (FormatException e)
        {
            return (null, $"invalid --eviction-hard: {e.Message}");
        }

        return (new NodeAgentOptions
        {
            DataDir = Path.Combine(dataDir, "agent"),
            NodeName = result.GetValue(NodeName) ?? Dns.GetHostName().ToLowerInvariant(),
            NodeIp = nodeIp,
            Labels = labels,
            Taints = taints,
            ContainerRuntimeEndpoint = result.GetValue(RuntimeEndpoint),
            KubeletPort = port,
            ControlPlane = controlPlane,
            InsecureRegistries = result.GetValue(InsecureRegistries) ?? [],
            EvictionHard = evictionHard,
        }, null);
    }

    /// <summary>k3s' default: the IPv4 address of the interface with the default route, else any non-loopback IPv4, else loopback.</summary>
    private static string DefaultNodeIp()
    {
        var candidates = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .Select(n => (Properties: n.GetIPProperties(), Interface: n))
            .Select(p => (HasGateway: p.Properties.GatewayAddresses.Any(g => g.Address.AddressFamily == AddressFamily.InterNetwork),
                Address: p.Properties.UnicastAddresses.Select(a => a.Address).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)))
            .Where(c => c.Address is not null)
            .OrderByDescending(c => c.HasGateway)
            .ToList();
        return candidates.FirstOrDefault().Address?.ToString() ?? "127.0.0.1";
    }
}
