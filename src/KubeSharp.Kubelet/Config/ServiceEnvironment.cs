using System.Globalization;
using k8s.Models;

namespace KubeSharp.Kubelet.Config;

/// <summary>Service-link variables in upstream's format (pkg/kubelet/envvars): FOO_SERVICE_HOST, FOO_SERVICE_PORT, FOO_PORT_80_TCP…</summary>
internal static class ServiceEnvironment
{
    /// <summary>The variables of the given services, in the given order; services without a cluster IP are skipped.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> FromServices(IEnumerable<V1Service> services)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var service in services)
        {
            var clusterIp = service.Spec?.ClusterIP;
            var ports = service.Spec?.Ports;
            if (string.IsNullOrEmpty(clusterIp) || clusterIp == "None" || ports is null || ports.Count == 0)
            {
                continue;
            }

            var prefix = VariableName(service.Metadata.Name);
            result.Add(new(prefix + "_SERVICE_HOST", clusterIp));
            var portName = prefix + "_SERVICE_PORT";
            result.Add(new(portName, Port(ports[0])));
            foreach (var port in ports.Where(p => !string.IsNullOrEmpty(p.Name)))
            {
                result.Add(new(portName + "_" + VariableName(port.Name), Port(port)));
            }

            AddLinkVariables(result, prefix, clusterIp, ports);
        }

        return result;
    }

    private static void AddLinkVariables(List<KeyValuePair<string, string>> result, string prefix, string clusterIp, IList<V1ServicePort> ports)
    {
        for (var i = 0; i < ports.Count; i++)
        {
            var port = ports[i];
            var protocol = string.IsNullOrEmpty(port.Protocol) ? "TCP" : port.Protocol;
            var lower = protocol.ToLowerInvariant();
            var hostPort = clusterIp.Contains(':', StringComparison.Ordinal) ? $"[{clusterIp}]:{Port(port)}" : $"{clusterIp}:{Port(port)}";
            var url = $"{lower}://{hostPort}";
            if (i == 0)
            {
                // Docker links special-case the first port.
                result.Add(new(prefix + "_PORT", url));
            }

            var portPrefix = $"{prefix}_PORT_{Port(port)}_{protocol.ToUpperInvariant()}";
            result.Add(new(portPrefix, url));
            result.Add(new(portPrefix + "_PROTO", lower));
            result.Add(new(portPrefix + "_PORT", Port(port)));
            result.Add(new(portPrefix + "_ADDR", clusterIp));
        }
    }

    private static string Port(V1ServicePort port) => port.Port.ToString(CultureInfo.InvariantCulture);

    private static string VariableName(string name) => name.Replace('-', '_').ToUpperInvariant();
}
