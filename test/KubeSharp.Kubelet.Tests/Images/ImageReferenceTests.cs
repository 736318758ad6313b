using KubeSharp.Kubelet.Images;

namespace KubeSharp.Kubelet.Tests.Images;

public sealed class ImageReferenceTests
{
    [Theory]
    [InlineData("busybox", "docker.io", "library/busybox", "latest")]
    [InlineData("busybox:1.35", "docker.io", "library/busybox", "1.35")]
    [InlineData("docker.io/library/busybox:1.35", "docker.io", "library/busybox", "1.35")]
    [InlineData("someone/app", "docker.io", "someone/app", "latest")]
    [InlineData("registry.k8s.io/pause:3.9", "registry.k8s.io", "pause", "3.9")]
    [InlineData("127.0.0.1:5000/library/busybox:1.35", "127.0.0.1:5000", "library/busybox", "1.35")]
    [InlineData("localhost/app", "localhost", "app", "latest")]
    public void Parse_Reference_DockerNormalised(string reference, string registry, string repository, string tag)
    {
        var parsed = ImageReference.Parse(reference);

        Assert.Equal(new ImageReference(registry, repository, tag), parsed);
        Assert.Equal($"{registry}/{repository}:{tag}", parsed.ToString());
    }
}
