using k8s.Models;
using KubeSharp.Controllers.Deployment;

namespace KubeSharp.Controllers.Tests.Deployment;

public sealed class DeploymentUtilTests
{
    [Fact]
    public void EqualIgnoreHash_EmptyStructsAndHashLabel_Equal()
    {
        var written = Fixtures.Template("nginx:1");
        var roundTripped = Fixtures.Template("nginx:1");
        roundTripped.Metadata.Labels["pod-template-hash"] = "abc";
        roundTripped.Spec.Containers[0].Resources = new V1ResourceRequirements();
        roundTripped.Spec.Containers[0].Env = [];

        Assert.True(DeploymentUtil.EqualIgnoreHash(written, roundTripped));
    }

    [Fact]
    public void EqualIgnoreHash_DifferentImage_NotEqual()
        => Assert.False(DeploymentUtil.EqualIgnoreHash(Fixtures.Template("nginx:1"), Fixtures.Template("nginx:2")));
}
