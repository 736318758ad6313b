using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Images;
using KubeSharp.Kubelet.Runtime;
using KubeSharp.Testing;

namespace KubeSharp.Kubelet.Tests.Runtime;

[Trait("Category", "Containerd")]
public sealed class RegistryPullTests
{
    [Theory]
    [InlineData("Docker")]
    [InlineData("Oci")]
    public async Task PullImageAsync_BusyboxPushedToLocalRegistry_PullsAndRuns(string manifestFormat)
    {
        var format = Enum.Parse<ManifestFormat>(manifestFormat);
        await using var registry = await DockerRegistryProcess.StartAsync();
        using var http = new HttpClient();
        var pushed = await new RegistryPusher(http).PushAsync(
            await TestImages.TarballAsync(BuiltInImages.BusyboxFileName), registry.Address, insecure: true, format, CancellationToken.None);
        var reference = Assert.Single(pushed).Reference.ToString();
        Assert.Equal($"{registry.Address}/library/busybox:1.35", reference);
        await using var containerd = await ContainerdFixture.StartAsync([RegistryHost.PlainHttp(registry.Address)]);

        var imageRef = await containerd.Cri.PullImageAsync(new ImageSpec { Image = reference }, null, null, CancellationToken.None);

        Assert.StartsWith("sha256:", imageRef, StringComparison.Ordinal);
        var image = await containerd.Cri.ImageStatusAsync(new ImageSpec { Image = reference }, CancellationToken.None);
        Assert.NotNull(image);
        Assert.Contains(reference, image.RepoTags);

        var sandbox = containerd.NewSandboxConfig("pulled");
        var sandboxId = await containerd.Cri.RunPodSandboxAsync(sandbox, "", CancellationToken.None);
        var config = ContainerdFixture.BusyboxContainer("main", "sleep", "3600");
        config.Image.Image = reference;
        var containerId = await containerd.Cri.CreateContainerAsync(sandboxId, config, sandbox, CancellationToken.None);
        await containerd.Cri.StartContainerAsync(containerId, CancellationToken.None);
        var exec = await containerd.Cri.ExecSyncAsync(containerId, ["echo", "pulled"], 10, CancellationToken.None);
        Assert.Equal("pulled\n", exec.Stdout.ToStringUtf8());
    }
}
