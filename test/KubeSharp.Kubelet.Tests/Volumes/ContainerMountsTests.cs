using k8s.Models;
using KubeSharp.Kubelet.Config;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Tests.Config;
using KubeSharp.Kubelet.Volumes;
using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Kubelet.Tests.Volumes;

public sealed class ContainerMountsTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly FakePodObjectSource _objects = new();
    private readonly FakeTimeProvider _time = new();

    public void Dispose() => _dir.Dispose();

    private async Task<(V1Pod Pod, PodVolumes Volumes, VolumeManager Manager)> SetUpAsync(V1Container container)
    {
        _objects.AddConfigMap("ns1", "cm", new() { ["app.conf"] = "v1" });
        var pod = TestPods.Pod(containers: container);
        pod.Spec.Volumes = [
            new V1Volume { Name = "data", EmptyDir = new V1EmptyDirVolumeSource() },
            new V1Volume { Name = "cfg", ConfigMap = new V1ConfigMapVolumeSource { Name = "cm" } },
        ];
        var manager = new VolumeManager(_dir.Path, _objects, new Dictionary<string, ResourceQuantity>(), _time);
        return (pod, await manager.SetUpPodVolumesAsync(pod, CancellationToken.None), manager);
    }

    [Fact]
    public async Task Make_MountsAndSubPaths_ResolvedAndEtcHostsAdded()
    {
        var container = new V1Container
        {
            Name = "c",
            VolumeMounts = [
                new V1VolumeMount { Name = "data", MountPath = "/data" },
                new V1VolumeMount { Name = "data", MountPath = "/logs", SubPathExpr = "logs/$(POD_NAME)" },
                new V1VolumeMount { Name = "cfg", MountPath = "/etc/app", ReadOnlyProperty = false },
                new V1VolumeMount { Name = "cfg", MountPath = "/etc/app.conf", SubPath = "app.conf" },
            ],
        };
        var (pod, volumes, manager) = await SetUpAsync(container);
        var env = new[] { new KeyValue { Key = "POD_NAME", Value = "web" } };

        var mounts = ContainerMounts.Make(pod, container, volumes, env, "/pods/uid-1/etc-hosts");

        Assert.Equal(5, mounts.Count);
        Assert.Equal(volumes.HostPaths["data"], mounts[0].HostPath);
        Assert.False(mounts[0].Readonly);
        Assert.Equal(Path.Combine(volumes.HostPaths["data"], "logs", "web"), mounts[1].HostPath);
        Assert.True(Directory.Exists(mounts[1].HostPath));
        Assert.True(mounts[2].Readonly);
        var ts = new FileInfo(Path.Combine(volumes.HostPaths["cfg"], "..data")).LinkTarget!;
        Assert.Equal(Path.Combine(volumes.HostPaths["cfg"], ts, "app.conf"), mounts[3].HostPath);
        Assert.Equal("/etc/hosts", mounts[4].ContainerPath);
        Assert.Equal("/pods/uid-1/etc-hosts", mounts[4].HostPath);

        // After an update the directory mount sees the new content; the resolved subPath file is the old one.
        _objects.AddConfigMap("ns1", "cm", new() { ["app.conf"] = "v2" });
        await manager.SetUpPodVolumesAsync(pod, CancellationToken.None);
        Assert.Equal("v2", File.ReadAllText(Path.Combine(mounts[2].HostPath, "app.conf")));
        Assert.NotEqual(mounts[3].HostPath, ContainerMounts.Make(pod, container, volumes, env, null)[3].HostPath);
    }

    [Theory]
    [InlineData("/abs", null, "error SubPath `/abs` must not be an absolute path")]
    [InlineData("a/../../b", null, "unable to provision SubPath `a/../../b`: must not contain '..'")]
    [InlineData(null, "$(NOPE)/x", "unable to expand subPath \"$(NOPE)/x\" for volume data: missing value for NOPE")]
    public async Task Make_BadSubPath_ThrowsUpstreamMessage(string? subPath, string? subPathExpr, string message)
    {
        var container = new V1Container { Name = "c", VolumeMounts = [new V1VolumeMount { Name = "data", MountPath = "/d", SubPath = subPath, SubPathExpr = subPathExpr }] };
        var (pod, volumes, _) = await SetUpAsync(container);

        var e = Assert.Throws<ContainerConfigException>(() => ContainerMounts.Make(pod, container, volumes, [], null));

        Assert.Equal(message, e.Message);
    }

    [Fact]
    public async Task Make_UnknownVolume_Throws()
    {
        var container = new V1Container { Name = "c", VolumeMounts = [new V1VolumeMount { Name = "ghost", MountPath = "/g" }] };
        var (pod, volumes, _) = await SetUpAsync(container);

        var e = Assert.Throws<ContainerConfigException>(() => ContainerMounts.Make(pod, container, volumes, [], null));

        Assert.Equal("cannot find volume \"ghost\" to mount into container \"c\"", e.Message);
    }

    [Fact]
    public async Task Make_SymlinkOutOfVolume_Refused()
    {
        var container = new V1Container { Name = "c", VolumeMounts = [new V1VolumeMount { Name = "data", MountPath = "/d", SubPath = "escape" }] };
        var (pod, volumes, _) = await SetUpAsync(container);
        File.CreateSymbolicLink(Path.Combine(volumes.HostPaths["data"], "escape"), "/etc");

        var e = Assert.Throws<ContainerConfigException>(() => ContainerMounts.Make(pod, container, volumes, [], null));

        Assert.StartsWith("subpath \"/etc\" not within volume path", e.Message, StringComparison.Ordinal);
    }
}
