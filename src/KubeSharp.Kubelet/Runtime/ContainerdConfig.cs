using System.Text;
using System.Text.Json.Nodes;

namespace KubeSharp.Kubelet.Runtime;

/// <summary>Renders containerd's config.toml (version 2), the CNI conflist and the registries' hosts.toml files.</summary>
internal static class ContainerdConfig
{
    private const string Cri = "plugins.\"io.containerd.grpc.v1.cri\"";

    public static string ConfigToml(ContainerdOptions options, ContainerdPaths paths)
    {
        var toml = new StringBuilder();
        toml.AppendLine("version = 2");
        toml.AppendLine($"root = {Quote(paths.Root)}");
        toml.AppendLine($"state = {Quote(paths.State)}");
        // Snapshotters that cannot work here only add errors to the log.
        toml.AppendLine("disabled_plugins = [\"io.containerd.snapshotter.v1.aufs\", \"io.containerd.snapshotter.v1.btrfs\", \"io.containerd.snapshotter.v1.zfs\", \"io.containerd.snapshotter.v1.devmapper\"]");
        toml.AppendLine();
        toml.AppendLine("[grpc]");
        toml.AppendLine($"  address = {Quote(paths.Socket)}");
        toml.AppendLine();
        toml.AppendLine("[plugins.\"io.containerd.internal.v1.opt\"]");
        toml.AppendLine($"  path = {Quote(Path.Combine(paths.Root, "opt"))}");
        toml.AppendLine();
        toml.AppendLine($"[{Cri}]");
        toml.AppendLine($"  sandbox_image = {Quote(options.SandboxImage)}");
        // Without CAP_SYS_RESOURCE containerd may not lower oom_score_adj below its own.
        toml.AppendLine("  restrict_oom_score_adj = true");
        toml.AppendLine($"  [{Cri}.containerd]");
        toml.AppendLine("    snapshotter = \"overlayfs\"");
        toml.AppendLine("    default_runtime_name = \"runc\"");
        toml.AppendLine($"    [{Cri}.containerd.runtimes.runc]");
        toml.AppendLine("      runtime_type = \"io.containerd.runc.v2\"");
        toml.AppendLine($"      [{Cri}.containerd.runtimes.runc.options]");
        toml.AppendLine("        SystemdCgroup = false");
        // runc's own state under ours (not /run/containerd/runc), so leftovers can be found and removed.
        toml.AppendLine($"        Root = {Quote(paths.RuncRoot)}");
        toml.AppendLine($"  [{Cri}.cni]");
        toml.AppendLine($"    bin_dir = {Quote(options.CniBinDir)}");
        toml.AppendLine($"    conf_dir = {Quote(paths.CniConfDir)}");
        toml.AppendLine($"  [{Cri}.registry]");
        toml.AppendLine($"    config_path = {Quote(paths.RegistryConfigDir)}");
        return toml.ToString();
    }

    /// <summary>A bridge network with host-local IPAM over the pod subnet, masquerading traffic that leaves it, and portmap for hostPorts.</summary>
    public static string CniConflist(ContainerdOptions options, ContainerdPaths paths)
    {
        var conflist = new JsonObject
        {
            ["cniVersion"] = "1.0.0",
            ["name"] = options.NetworkName,
            ["plugins"] = new JsonArray(
                new JsonObject
                {
                    ["type"] = "bridge",
                    ["bridge"] = options.BridgeName,
                    ["isGateway"] = true,
                    ["ipMasq"] = true,
                    ["hairpinMode"] = true,
                    ["ipam"] = new JsonObject
                    {
                        ["type"] = "host-local",
                        ["dataDir"] = paths.CniDataDir,
                        ["ranges"] = new JsonArray(new JsonArray(new JsonObject { ["subnet"] = options.PodSubnet })),
                        ["routes"] = new JsonArray(new JsonObject { ["dst"] = "0.0.0.0/0" }),
                    },
                },
                new JsonObject
                {
                    ["type"] = "portmap",
                    ["capabilities"] = new JsonObject { ["portMappings"] = true },
                }),
        };
        return conflist.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>hosts.toml for one registry: its mirrors first, then the registry itself.</summary>
    public static string HostsToml(RegistryHost host)
    {
        var toml = new StringBuilder();
        var server = host.Registry == Images.ImageReference.DockerHub ? "https://registry-1.docker.io" : $"https://{host.Registry}";
        if (host.Endpoints.Count == 1 && host.Endpoints[0].EndsWith("://" + host.Registry, StringComparison.Ordinal))
        {
            server = host.Endpoints[0];
        }

        toml.AppendLine($"server = {Quote(server)}");
        foreach (var endpoint in host.Endpoints)
        {
            toml.AppendLine();
            toml.AppendLine($"[host.{Quote(endpoint)}]");
            toml.AppendLine("  capabilities = [\"pull\", \"resolve\"]");
            if (host.SkipVerify)
            {
                toml.AppendLine("  skip_verify = true");
            }
        }

        return toml.ToString();
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
