using KubeSharp.Kubelet.Cri;

namespace KubeSharp.Kubelet.Tests.Status;

public sealed class ContainerIdsTests
{
    [Theory]
    [InlineData("containerd://abc123", "abc123")]
    [InlineData("abc123", "abc123")]
    public void RuntimeId_StatusId_RuntimeOwnId(string statusId, string expected) => Assert.Equal(expected, ContainerIds.RuntimeId(statusId));

    [Fact]
    public void Format_RoundTrips() => Assert.Equal("abc", ContainerIds.RuntimeId(ContainerIds.Format("containerd", "abc")));
}
