using System.Text;
using k8s.Models;

namespace KubeSharp.Kubelet.Kuberuntime;

/// <summary>The /etc/hosts the kubelet writes for each pod (upstream's managed hosts file).</summary>
internal static class HostsFile
{
    public static string Content(V1Pod pod, IReadOnlyList<string> podIps, KubeRuntimeOptions options, string? nodeHostsText)
    {
        var text = new StringBuilder();
        if (PodSpecs.HostNetwork(pod))
        {
            text.Append(nodeHostsText ?? "");
            if (text.Length > 0 && text[^1] != '\n')
            {
                text.Append('\n');
            }
        }
        else
        {
            text.Append("# Kubernetes-managed hosts file.\n")
                .Append("127.0.0.1\tlocalhost\n")
                .Append("::1\tlocalhost ip6-localhost ip6-loopback\n")
                .Append("fe00::0\tip6-localnet\n")
                .Append("fe00::0\tip6-mcastprefix\n")
                .Append("fe00::1\tip6-allnodes\n")
                .Append("fe00::2\tip6-allrouters\n");
            var hostname = SandboxConfigBuilder.Hostname(pod);
            var fqdn = SandboxConfigBuilder.Fqdn(pod, options);
            foreach (var ip in podIps)
            {
                text.Append(ip).Append('\t').Append(fqdn is null ? hostname : $"{fqdn}\t{hostname}").Append('\n');
            }
        }

        if (pod.Spec.HostAliases is { Count: > 0 } aliases)
        {
            text.Append("\n# Entries added by HostAliases.\n");
            foreach (var alias in aliases)
            {
                text.Append(alias.Ip).Append('\t').AppendJoin('\t', alias.Hostnames ?? []).Append('\n');
            }
        }

        return text.ToString();
    }
}
