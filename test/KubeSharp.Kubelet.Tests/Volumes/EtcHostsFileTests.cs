using k8s.Models;
using KubeSharp.Kubelet.Tests.Config;
using KubeSharp.Kubelet.Volumes;

namespace KubeSharp.Kubelet.Tests.Volumes;

public sealed class EtcHostsFileTests
{
    [Fact]
    public void Content_SubdomainAndAliases_UpstreamLayout()
    {
        var pod = TestPods.Pod();
        pod.Spec.Hostname = "h1";
        pod.Spec.Subdomain = "sub";
        pod.Spec.HostAliases = [new V1HostAlias { Ip = "1.2.3.4", Hostnames = ["foo", "bar"] }];

        var content = EtcHostsFile.Content(pod, ["10.42.0.5"], "cluster.local");

        Assert.Equal(
            "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\n" +
            "fe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n10.42.0.5\th1.sub.ns1.svc.cluster.local\th1\n" +
            "\n# Entries added by HostAliases.\n1.2.3.4\tfoo\tbar\n",
            content);
    }

    [Fact]
    public void Content_NoHostname_UsesPodName()
    {
        var content = EtcHostsFile.Content(TestPods.Pod(), ["10.42.0.5"], "cluster.local");

        Assert.EndsWith("fe00::2\tip6-allrouters\n10.42.0.5\tweb\n", content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_WritesUnderPodDirectory()
    {
        using var dir = new TempDir();

        var path = await EtcHostsFile.WriteAsync(dir.Path, TestPods.Pod(), ["10.42.0.5"], "cluster.local", CancellationToken.None);

        Assert.Equal(Path.Combine(dir.Path, "uid-1", "etc-hosts"), path);
        Assert.Contains("10.42.0.5\tweb", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
    }
}
