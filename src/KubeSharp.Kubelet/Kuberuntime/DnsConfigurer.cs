using k8s.Models;
using KubeSharp.Kubelet.Cri.V1;

namespace KubeSharp.Kubelet.Kuberuntime;

/// <summary>The pod's resolver configuration by dnsPolicy and dnsConfig (upstream's dns.Configurer).</summary>
internal static class DnsConfigurer
{
    private const int MaxSearchPaths = 32;

    public static DNSConfig For(V1Pod pod, KubeRuntimeOptions options, string? resolvConfText)
    {
        var policy = pod.Spec.DnsPolicy ?? "ClusterFirst";
        var hostNetwork = PodSpecs.HostNetwork(pod);
        if (policy == "ClusterFirstWithHostNet")
        {
            policy = "ClusterFirst";
        }
        else if (policy == "ClusterFirst" && hostNetwork)
        {
            policy = "Default";
        }

        if (policy == "ClusterFirst" && options.ClusterDns.Count == 0)
        {
            policy = "Default";
        }

        var host = ParseResolvConf(resolvConfText);
        var config = new DNSConfig();
        switch (policy)
        {
            case "ClusterFirst":
                var ns = pod.Metadata.NamespaceProperty;
                config.Servers.AddRange(options.ClusterDns);
                config.Searches.AddRange([$"{ns}.svc.{options.ClusterDomain}", $"svc.{options.ClusterDomain}", options.ClusterDomain]);
                config.Searches.AddRange(host.Searches.Where(s => !config.Searches.Contains(s)));
                config.Options.Add("ndots:5");
                break;
            case "Default":
                config.Servers.AddRange(host.Servers);
                config.Searches.AddRange(host.Searches);
                config.Options.AddRange(host.Options);
                break;
        }

        if (pod.Spec.DnsConfig is { } custom)
        {
            config.Servers.AddRange((custom.Nameservers ?? []).Where(s => !config.Servers.Contains(s)));
            config.Searches.AddRange((custom.Searches ?? []).Where(s => !config.Searches.Contains(s)));
            foreach (var option in custom.Options ?? [])
            {
                var text = option.Value is null ? option.Name : $"{option.Name}:{option.Value}";
                var existing = config.Options.ToList().FindIndex(o => o.Split(':')[0] == option.Name);
                if (existing >= 0)
                {
                    config.Options[existing] = text;
                }
                else
                {
                    config.Options.Add(text);
                }
            }
        }

        while (config.Searches.Count > MaxSearchPaths)
        {
            config.Searches.RemoveAt(config.Searches.Count - 1);
        }

        return config;
    }

    private static (List<string> Servers, List<string> Searches, List<string> Options) ParseResolvConf(string? text)
    {
        var servers = new List<string>();
        var searches = new List<string>();
        var options = new List<string>();
        foreach (var raw in (text ?? "").Split('\n'))
        {
            var line = raw.Split('#', ';')[0].Trim();
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2)
            {
                continue;
            }

            switch (fields[0])
            {
                case "nameserver":
                    servers.Add(fields[1]);
                    break;
                case "search":
                    searches.Clear();
                    searches.AddRange(fields.Skip(1));
                    break;
                case "options":
                    options.AddRange(fields.Skip(1));
                    break;
            }
        }

        return (servers, searches, options);
    }
}
