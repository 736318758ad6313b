using KubeSharp.Kubelet.Simulation;

namespace KubeSharp.Kubelet.Tests.Simulation;

public sealed class SimulatedNodeTests
{
    [Theory]
    [InlineData(0, "198.18.0.1", "10.64.0.0/24")]
    [InlineData(255, "198.18.1.0", "10.64.255.0/24")]
    [InlineData(4999, "198.18.19.136", "10.83.135.0/24")]
    [InlineData(49151, "198.18.192.0", "10.255.255.0/24")]
    public void Constructor_Index_AddressesFromBenchmarkingRangeAndPerNodePodCidr(int index, string internalIp, string podCidr)
    {
        var node = new SimulatedNode("n", index, DateTimeOffset.UnixEpoch);

        Assert.Equal(internalIp, node.InternalIp);
        Assert.Equal(podCidr, node.PodCidr);
    }

    [Fact]
    public void AllocatePodIp_ManyPods_DistinctAddressesInTheNodeCidr()
    {
        var node = new SimulatedNode("n", 3, DateTimeOffset.UnixEpoch);

        var ips = Enumerable.Range(0, 110).Select(_ => node.AllocatePodIp()).ToList();

        Assert.Equal(110, ips.Distinct().Count());
        Assert.All(ips, ip => Assert.StartsWith("10.64.3.", ip));
        Assert.DoesNotContain("10.64.3.0", ips);
    }

    [Fact]
    public void ReleasePodIp_AfterWrapAround_AddressIsReused()
    {
        var node = new SimulatedNode("n", 0, DateTimeOffset.UnixEpoch);
        var ips = Enumerable.Range(0, 254).Select(_ => node.AllocatePodIp()).ToList();

        node.ReleasePodIp(ips[7]);

        Assert.Equal(ips[7], node.AllocatePodIp());
    }

    [Fact]
    public void AllocatePodIp_ReservedAddress_IsSkipped()
    {
        var node = new SimulatedNode("n", 0, DateTimeOffset.UnixEpoch);

        node.ReservePodIp("10.64.0.1");

        Assert.Equal("10.64.0.2", node.AllocatePodIp());
    }
}
