using System.Net;
using KubeSharp.Controllers.NodeIpam;

namespace KubeSharp.Controllers.Tests.NodeIpam;

public sealed class CidrSetTests
{
    [Fact]
    public void Allocate_FreshSet_HandsOutConsecutiveSubnetsThenNull()
    {
        var set = new CidrSet(IPNetwork.Parse("10.42.0.0/22"), 24);

        var given = Enumerable.Range(0, 4).Select(_ => set.Allocate()?.ToString()).ToList();

        Assert.Equal(["10.42.0.0/24", "10.42.1.0/24", "10.42.2.0/24", "10.42.3.0/24"], given);
        Assert.Null(set.Allocate());
        Assert.Equal(4, set.Allocated);
    }

    [Fact]
    public void Allocate_AfterOccupyAndRelease_SkipsTakenAndReusesReleasedLast()
    {
        var set = new CidrSet(IPNetwork.Parse("10.42.0.0/22"), 24);
        Assert.True(set.Occupy(IPNetwork.Parse("10.42.0.0/24")));
        Assert.Equal("10.42.1.0/24", set.Allocate().ToString());
        set.Release(IPNetwork.Parse("10.42.0.0/24"));

        Assert.Equal(["10.42.2.0/24", "10.42.3.0/24", "10.42.0.0/24"],
            Enumerable.Range(0, 3).Select(_ => set.Allocate()?.ToString()));
    }

    [Theory]
    [InlineData("10.43.0.0/24")]
    [InlineData("10.42.0.0/25")]
    public void Occupy_ForeignCidr_False(string cidr)
    {
        var set = new CidrSet(IPNetwork.Parse("10.42.0.0/16"), 24);

        Assert.False(set.Occupy(IPNetwork.Parse(cidr)));
        Assert.Equal(0, set.Allocated);
    }

    [Fact]
    public void Allocate_Ipv6_CutsByMask()
    {
        var set = new CidrSet(IPNetwork.Parse("fd00:42::/56"), 64);

        Assert.Equal("fd00:42::/64", set.Allocate().ToString());
        Assert.Equal("fd00:42:0:1::/64", set.Allocate().ToString());
    }

    [Theory]
    [InlineData("10.42.0.0/16", 8)]
    [InlineData("10.0.0.0/8", 28)]
    public void Constructor_BadMask_Throws(string cluster, int mask)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CidrSet(IPNetwork.Parse(cluster), mask));
    }
}
