using System.Text;
using k8s.Models;

namespace KubeSharp.Kubelet.Volumes;

/// <summary>
/// The kubelet-managed /etc/hosts of a pod (upstream's managedHostsFileContent), written to &lt;podsRoot&gt;/&lt;uid&gt;/etc-hosts
/// once the sandbox's IPs are known.
/// </summary>
internal static class EtcHostsFile
{
    private const string FileName = "etc-hosts";

    /// <summary>The file's content: localhost entries, the pod's IPs with its hostname (FQDN first when it has a subdomain), hostAliases.</summary>
    public static string Content(V1Pod pod, IReadOnlyList<string> podIps, string clusterDomain, string? nodeHostsContent = null)
    {
        var sb = new StringBuilder();
        if (pod.Spec?.HostNetwork == true)
        {
            sb.Append("# Kubernetes-managed hosts file (host network).\n");
            sb.Append(nodeHostsContent ?? "");
        }
        else
        {
            sb.Append("# Kubernetes-managed hosts file.\n");
            sb.Append("127.0.0.1\tlocalhost\n");
            sb.Append("::1\tlocalhost ip6-localhost ip6-loopback\n");
            sb.Append("fe00::0\tip6-localnet\n");
            sb.Append("fe00::0\tip6-mcastprefix\n");
            sb.Append("fe00::1\tip6-allnodes\n");
            sb.Append("fe00::2\tip6-allrouters\n");
            var (hostName, domain) = HostNameAndDomain(pod, clusterDomain);
            foreach (var ip in podIps)
            {
                sb.Append(domain.Length > 0 ? $"{ip}\t{hostName}.{domain}\t{hostName}\n" : $"{ip}\t{hostName}\n");
            }
        }

        if (pod.Spec?.HostAliases is { Count: > 0 } aliases)
        {
            sb.Append('\n');
            sb.Append("# Entries added by HostAliases.\n");
            foreach (var alias in aliases)
            {
                sb.Append(alias.Ip).Append('\t').Append(string.Join('\t', alias.Hostnames ?? [])).Append('\n');
            }
        }

        return sb.ToString();
    }

    /// <summary>Writes the file (mode 0644) under the pod's directory and returns its path, for the /etc/hosts mount.</summary>
    public static async Task<string> WriteAsync(string podsRoot, V1Pod pod, IReadOnlyList<string> podIps, string clusterDomain, CancellationToken cancellationToken)
    {
        var dir = Path.Combine(podsRoot, pod.Metadata.Uid);
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, FileName);
        var nodeHosts = pod.Spec?.HostNetwork == true && File.Exists("/etc/hosts")
            ? await File.ReadAllTextAsync("/etc/hosts", cancellationToken).ConfigureAwait(false)
            : null;
        await File.WriteAllTextAsync(path, Content(pod, podIps, clusterDomain, nodeHosts), cancellationToken).ConfigureAwait(false);
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("644", 8));
        return path;
    }

    /// <summary>Upstream's GeneratePodHostNameAndDomain: spec.hostname or the pod name (at most 63 characters), and the subdomain's FQDN.</summary>
    public static (string HostName, string Domain) HostNameAndDomain(V1Pod pod, string clusterDomain)
    {
        var hostName = string.IsNullOrEmpty(pod.Spec?.Hostname) ? pod.Metadata.Name : pod.Spec.Hostname;
        if (hostName.Length > 63)
        {
            hostName = hostName[..63].TrimEnd('-', '.');
        }

        var domain = string.IsNullOrEmpty(pod.Spec?.Subdomain)
            ? ""
            : $"{pod.Spec.Subdomain}.{pod.Metadata.NamespaceProperty}.svc.{clusterDomain}";
        return (hostName, domain);
    }
}
