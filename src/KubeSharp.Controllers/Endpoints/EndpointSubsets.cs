using k8s.Models;

namespace KubeSharp.Controllers.Endpoints;

/// <summary>Upstream's RepackSubsets: addresses that serve exactly the same set of ports share one subset; addresses,
/// ports and subsets come out in a stable order so that an unchanged set of pods yields equal subsets.</summary>
internal static class EndpointSubsets
{
    public static List<V1EndpointSubset> Repack(IEnumerable<EndpointAddressEntry> entries)
    {
        // Address identity → (address, ready, ports): an address listed several times (once per port) is merged.
        var byAddress = new Dictionary<string, (V1EndpointAddress Address, bool Ready, SortedDictionary<string, Corev1EndpointPort> Ports)>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var key = $"{entry.Ready}|{AddressKey(entry.Address)}";
            if (!byAddress.TryGetValue(key, out var slot))
            {
                slot = (entry.Address, entry.Ready, new SortedDictionary<string, Corev1EndpointPort>(StringComparer.Ordinal));
                byAddress[key] = slot;
            }

            foreach (var port in entry.Ports)
            {
                slot.Ports[PortKey(port)] = port;
            }
        }

        var byPorts = new SortedDictionary<string, (List<Corev1EndpointPort> Ports, List<V1EndpointAddress> Ready, List<V1EndpointAddress> NotReady)>(StringComparer.Ordinal);
        foreach (var (address, ready, ports) in byAddress.Values)
        {
            var key = string.Join(';', ports.Keys);
            if (!byPorts.TryGetValue(key, out var subset))
            {
                subset = ([.. ports.Values], [], []);
                byPorts[key] = subset;
            }

            (ready ? subset.Ready : subset.NotReady).Add(address);
        }

        return [.. byPorts.Values.Select(s => new V1EndpointSubset
        {
            Addresses = s.Ready.Count == 0 ? null : [.. s.Ready.OrderBy(AddressKey, StringComparer.Ordinal)],
            NotReadyAddresses = s.NotReady.Count == 0 ? null : [.. s.NotReady.OrderBy(AddressKey, StringComparer.Ordinal)],
            Ports = s.Ports.Count == 0 ? null : s.Ports,
        })];
    }

    private static string AddressKey(V1EndpointAddress a) => $"{a.Ip}|{a.TargetRef?.Uid}";

    private static string PortKey(Corev1EndpointPort p) => $"{p.Name}|{p.Port}|{p.Protocol}|{p.AppProtocol}";
}
