using k8s;
using k8s.Models;
using KubeSharp.Controllers.NodeIpam;
using KubeSharp.Controllers.Runtime;
using KubeSharp.Controllers.Tests.Endpoints;

namespace KubeSharp.Controllers.Tests.NodeIpam;

[Collection(ServerCollection.Name)]
public sealed class NodeIpamControllerTests(ServerFixture fixture)
{
    private IKubernetes Client => fixture.Client;

    [Fact]
    public async Task Sync_NewNodes_EachGetsItsOwnPodCidrAndKeepsExisting()
    {
        var prefix = "ipam-" + Guid.NewGuid().ToString("N")[..6];
        var options = new ControllerManagerOptions { LeaderElect = false, ClusterCidr = "10.99.0.0/16", NodeCidrMaskSize = 24 };
        await Client.CoreV1.CreateNodeAsync(new V1Node
        {
            Metadata = new V1ObjectMeta { Name = prefix + "-old" },
            Spec = new V1NodeSpec { PodCIDR = "10.99.0.0/24", PodCIDRs = ["10.99.0.0/24"] },
        });
        await using var harness = await ControllerHarness.StartAsync(Client, TimeProvider.System, options, c => new NodeIpamController(c));

        await Client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = prefix + "-a" } });
        await Client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = prefix + "-b" } });

        var a = await Eventually.GetAsync(() => Client.CoreV1.ReadNodeAsync(prefix + "-a"), n => n.Spec?.PodCIDR is not null, "node a gets a CIDR");
        var b = await Eventually.GetAsync(() => Client.CoreV1.ReadNodeAsync(prefix + "-b"), n => n.Spec?.PodCIDR is not null, "node b gets a CIDR");
        Assert.Equal([a.Spec.PodCIDR], a.Spec.PodCIDRs);
        // Nodes of other tests on the shared server get CIDRs too, so only the shape is fixed: two different /24s of the
        // cluster CIDR, neither the one the old node holds.
        var given = new[] { a.Spec.PodCIDR, b.Spec.PodCIDR };
        Assert.All(given, c => Assert.Matches(@"^10\.99\.([1-9]|[1-9]\d|1\d\d|2[0-4]\d|25[0-5])\.0/24$", c));
        Assert.NotEqual(a.Spec.PodCIDR, b.Spec.PodCIDR);
        Assert.Equal("10.99.0.0/24", (await Client.CoreV1.ReadNodeAsync(prefix + "-old")).Spec.PodCIDR);
        foreach (var name in new[] { "-old", "-a", "-b" })
        {
            await Client.CoreV1.DeleteNodeAsync(prefix + name);
        }
    }
}
