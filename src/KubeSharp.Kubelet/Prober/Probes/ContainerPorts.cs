using System.Globalization;
using k8s.Models;

namespace KubeSharp.Kubelet.Prober.Probes;

/// <summary>Resolves a probe's port, a number or a named container port, as upstream's ResolveContainerPort.</summary>
internal static class ContainerPorts
{
    public static int Resolve(IntOrString port, V1Container container)
    {
        var value = port.Value ?? string.Empty;
        var resolved = -1;
        var named = container.Ports?.FirstOrDefault(p => p.Name == value);
        if (named is not null)
        {
            resolved = named.ContainerPort;
        }
        else if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out resolved))
        {
            // Upstream's last resort is strconv.Atoi, whose error is what users see for an unknown port name.
            throw new ProbeException($"strconv.Atoi: parsing \"{value}\": invalid syntax");
        }

        if (resolved is > 0 and < 65536)
        {
            return resolved;
        }

        throw new ProbeException($"invalid port number: {resolved}");
    }

    /// <summary>Go's duration formatting for whole seconds, as it appears in upstream's messages.</summary>
    public static string GoDuration(int seconds) => seconds % 60 == 0 && seconds >= 60
        ? $"{seconds / 60}m0s"
        : seconds >= 60 ? $"{seconds / 60}m{seconds % 60}s" : $"{seconds}s";
}
