using KubeSharp.Kubelet.Runtime;

namespace KubeSharp.Kubelet.Tests.Runtime;

public sealed class ContainerdConfigTests
{
    [Fact]
    public void For_ShortDataDir_SocketUnderState()
    {
        var paths = ContainerdPaths.For("/var/lib/kubesharp/agent");

        Assert.Equal("/var/lib/kubesharp/agent/run/containerd/containerd.sock", paths.Socket);
        Assert.Equal("unix:///var/lib/kubesharp/agent/run/containerd/containerd.sock", paths.Endpoint);
        Assert.Equal("/var/lib/kubesharp/agent/containerd", paths.Root);
        Assert.Equal("/var/lib/kubesharp/agent/images", paths.ImagesDir);
    }

    [Fact]
    public void For_LongDataDir_SocketUnderRunKubesharpHash()
    {
        var deep = "/tmp/" + new string('d', 90) + "/agent";

        var paths = ContainerdPaths.For(deep);

        Assert.Matches("^/run/kubesharp/[0-9a-f]{12}/containerd.sock$", paths.Socket);
        Assert.Equal(paths.Socket, ContainerdPaths.For(deep).Socket);
        Assert.NotEqual(paths.Socket, ContainerdPaths.For(deep + "2").Socket);
        Assert.StartsWith(deep, paths.State, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigToml_Options_CriSettingsAndPaths()
    {
        var options = new ContainerdOptions { AgentDataDir = "/data/agent" };
        var paths = ContainerdPaths.For(options.AgentDataDir);

        var toml = ContainerdConfig.ConfigToml(options, paths);

        Assert.Contains("version = 2", toml, StringComparison.Ordinal);
        Assert.Contains("address = \"/data/agent/run/containerd/containerd.sock\"", toml, StringComparison.Ordinal);
        Assert.Contains("sandbox_image = \"registry.k8s.io/pause:3.9\"", toml, StringComparison.Ordinal);
        Assert.Contains("restrict_oom_score_adj = true", toml, StringComparison.Ordinal);
        Assert.Contains("conf_dir = \"/data/agent/etc/cni/net.d\"", toml, StringComparison.Ordinal);
        Assert.Contains("config_path = \"/data/agent/etc/containerd/certs.d\"", toml, StringComparison.Ordinal);
    }

    [Fact]
    public void CniConflist_Options_BridgeWithSubnetAndPortmap()
    {
        var options = new ContainerdOptions { AgentDataDir = "/data/agent", BridgeName = "ksabc", NetworkName = "net1", PodSubnet = "10.42.7.0/24" };

        var conflist = System.Text.Json.Nodes.JsonNode.Parse(ContainerdConfig.CniConflist(options, ContainerdPaths.For(options.AgentDataDir)))!;

        Assert.Equal("net1", (string?)conflist["name"]);
        var bridge = conflist["plugins"]![0]!;
        Assert.Equal("ksabc", (string?)bridge["bridge"]);
        Assert.True((bool)bridge["ipMasq"]!);
        Assert.Equal("10.42.7.0/24", (string?)bridge["ipam"]!["ranges"]![0]![0]!["subnet"]);
        Assert.Equal("portmap", (string?)conflist["plugins"]![1]!["type"]);
    }

    [Fact]
    public void HostsToml_PlainHttpRegistry_ServerIsTheHttpEndpoint()
    {
        var toml = ContainerdConfig.HostsToml(RegistryHost.PlainHttp("127.0.0.1:5000"));

        Assert.Contains("server = \"http://127.0.0.1:5000\"", toml, StringComparison.Ordinal);
        Assert.Contains("[host.\"http://127.0.0.1:5000\"]", toml, StringComparison.Ordinal);
    }

    [Fact]
    public void HostsToml_DockerHubMirror_UpstreamServerMirrorFirst()
    {
        var toml = ContainerdConfig.HostsToml(new RegistryHost("docker.io", ["https://mirror.example:5000"], SkipVerify: true));

        Assert.Contains("server = \"https://registry-1.docker.io\"", toml, StringComparison.Ordinal);
        Assert.Contains("[host.\"https://mirror.example:5000\"]", toml, StringComparison.Ordinal);
        Assert.Contains("skip_verify = true", toml, StringComparison.Ordinal);
    }
}
