namespace KubeSharp.Kubelet.Simulation;

/// <summary>
/// One simulated node: its name, the fake addresses written into status (never used for traffic) and the pod IPs
/// it has handed out. Node addresses come from 198.18.0.0/15 (reserved for benchmarking); pod IPs from a /24 per node.
/// </summary>
internal sealed class SimulatedNode
{
    private const int HostsPerNode = 254;
    private readonly HashSet<int> _usedHosts = [];
    private readonly Lock _lock = new();
    private int _nextHost;

    public SimulatedNode(string name, int index, DateTimeOffset registeredAt)
    {
        Name = name;
        Index = index;
        RegisteredAt = registeredAt;
        var n = index + 1;
        InternalIp = $"198.{18 + (n >> 16)}.{(n >> 8) & 0xFF}.{n & 0xFF}";
        PodCidrPrefix = $"10.{64 + (index >> 8)}.{index & 0xFF}";
    }

    public string Name { get; }

    public int Index { get; }

    public string InternalIp { get; }

    /// <summary>The first three octets of this node's pod CIDR.</summary>
    public string PodCidrPrefix { get; }

    public string PodCidr => PodCidrPrefix + ".0/24";

    /// <summary>When the node was registered: the lastTransitionTime of its conditions.</summary>
    public DateTimeOffset RegisteredAt { get; }

    /// <summary>The uid of the Node object, for the Lease's owner reference.</summary>
    public string? Uid { get; set; }

    /// <summary>Hands out the next free pod IP of this node; addresses are reused only after every other one was used.</summary>
    public string AllocatePodIp()
    {
        lock (_lock)
        {
            for (var i = 0; i < HostsPerNode; i++)
            {
                var host = (_nextHost + i) % HostsPerNode + 1;
                if (_usedHosts.Add(host))
                {
                    _nextHost = host % HostsPerNode;
                    return $"{PodCidrPrefix}.{host}";
                }
            }

            // More pods than addresses cannot be told apart anyway; the address is only status text.
            _nextHost = (_nextHost + 1) % HostsPerNode;
            return $"{PodCidrPrefix}.{_nextHost + 1}";
        }
    }

    public void ReleasePodIp(string ip)
    {
        if (!ip.StartsWith(PodCidrPrefix + ".", StringComparison.Ordinal) || !int.TryParse(ip.AsSpan(PodCidrPrefix.Length + 1), out var host))
        {
            return;
        }

        lock (_lock)
        {
            _usedHosts.Remove(host);
        }
    }

    /// <summary>Notes an IP already reported for a pod (found when listing after a restart) so it is not handed out twice.</summary>
    public void ReservePodIp(string ip)
    {
        if (ip.StartsWith(PodCidrPrefix + ".", StringComparison.Ordinal) && int.TryParse(ip.AsSpan(PodCidrPrefix.Length + 1), out var host))
        {
            lock (_lock)
            {
                _usedHosts.Add(host);
            }
        }
    }
}
