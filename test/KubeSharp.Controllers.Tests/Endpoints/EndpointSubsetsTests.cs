using k8s.Models;
using KubeSharp.Controllers.Endpoints;

namespace KubeSharp.Controllers.Tests.Endpoints;

public sealed class EndpointSubsetsTests
{
    private static V1EndpointAddress Address(string ip) => new() { Ip = ip, TargetRef = new V1ObjectReference { Uid = "u-" + ip } };

    private static Corev1EndpointPort Port(string name, int port) => new() { Name = name, Port = port, Protocol = "TCP" };

    [Fact]
    public void Repack_AddressListedOncePerPort_MergesPortsIntoOneSubset()
    {
        var subsets = EndpointSubsets.Repack(
        [
            new EndpointAddressEntry(Address("10.0.0.2"), true, [Port("http", 80)]),
            new EndpointAddressEntry(Address("10.0.0.2"), true, [Port("https", 443)]),
            new EndpointAddressEntry(Address("10.0.0.1"), true, [Port("https", 443)]),
            new EndpointAddressEntry(Address("10.0.0.1"), true, [Port("http", 80)]),
            new EndpointAddressEntry(Address("10.0.0.3"), false, [Port("http", 80)]),
        ]);

        Assert.Equal(2, subsets.Count);
        var both = Assert.Single(subsets, s => s.Ports.Count == 2);
        Assert.Equal(["10.0.0.1", "10.0.0.2"], both.Addresses.Select(a => a.Ip));
        Assert.Null(both.NotReadyAddresses);
        var httpOnly = Assert.Single(subsets, s => s.Ports.Count == 1);
        Assert.Null(httpOnly.Addresses);
        Assert.Equal("10.0.0.3", Assert.Single(httpOnly.NotReadyAddresses).Ip);
    }

    [Fact]
    public void Repack_SameInputInAnotherOrder_ReturnsEqualSubsets()
    {
        EndpointAddressEntry[] entries =
        [
            new(Address("10.0.0.1"), true, [Port("a", 1)]),
            new(Address("10.0.0.2"), true, [Port("b", 2)]),
            new(Address("10.0.0.3"), false, [Port("a", 1)]),
        ];

        Assert.True(EndpointsController.SameJson(EndpointSubsets.Repack(entries), EndpointSubsets.Repack(entries.Reverse())));
    }
}
