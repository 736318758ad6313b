using k8s.Models;
using KubeSharp.Kubelet.Tests.Config;
using KubeSharp.Kubelet.Volumes;
using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Kubelet.Tests.Volumes;

public sealed class VolumeManagerTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly FakePodObjectSource _objects = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private readonly VolumeManager _manager;

    public VolumeManagerTests()
    {
        _manager = new VolumeManager(_dir.Path, _objects, new Dictionary<string, ResourceQuantity> { ["memory"] = new("2Gi") }, _time);
    }

    public void Dispose() => _dir.Dispose();

    private static V1Pod PodWith(params V1Volume[] volumes)
    {
        var pod = TestPods.Pod(containers: new V1Container { Name = "c", Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("500m") } } });
        pod.Spec.Volumes = volumes;
        return pod;
    }

    private static string Mode(string path) => Convert.ToString((int)File.GetUnixFileMode(path), 8);

    [Fact]
    public async Task SetUpPodVolumesAsync_EmptyDir_CreatesWorldWritableDirectory()
    {
        var volumes = await _manager.SetUpPodVolumesAsync(PodWith(new V1Volume { Name = "scratch", EmptyDir = new V1EmptyDirVolumeSource() }), CancellationToken.None);

        var path = volumes.HostPaths["scratch"];
        Assert.Equal(Path.Combine(_dir.Path, "uid-1", "volumes", "kubernetes.io~empty-dir", "scratch"), path);
        Assert.Equal("777", Mode(path));
    }

    [Fact]
    public async Task SetUpPodVolumesAsync_MemoryEmptyDir_MountsTmpfsAndTearDownUnmounts()
    {
        var pod = PodWith(new V1Volume { Name = "mem", EmptyDir = new V1EmptyDirVolumeSource { Medium = "Memory", SizeLimit = new ResourceQuantity("16Mi") } });

        var volumes = await _manager.SetUpPodVolumesAsync(pod, CancellationToken.None);
        await _manager.SetUpPodVolumesAsync(pod, CancellationToken.None);

        var path = volumes.HostPaths["mem"];
        var line = File.ReadLines("/proc/self/mountinfo").Single(l => l.Split(' ')[4] == path);
        Assert.Contains("tmpfs", line, StringComparison.Ordinal);
        Assert.Contains("size=16384k", line, StringComparison.Ordinal);
        await _manager.TearDownPodVolumesAsync("uid-1", CancellationToken.None);
        Assert.Empty(Mounter.MountPointsUnder(_dir.Path));
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, "uid-1")));
    }

    [Fact]
    public async Task SetUpPodVolumesAsync_ConfigMap_AtomicLayoutModesAndLiveUpdate()
    {
        _objects.AddConfigMap("ns1", "cm", new() { ["a.conf"] = "one", ["b.conf"] = "two" });
        var pod = PodWith(new V1Volume
        {
            Name = "cfg",
            ConfigMap = new V1ConfigMapVolumeSource { Name = "cm", Items = [new V1KeyToPath { Key = "a.conf", Path = "sub/a.conf", Mode = 384 }, new V1KeyToPath { Key = "b.conf", Path = "b.conf" }] },
        });

        var volumes = await _manager.SetUpPodVolumesAsync(pod, CancellationToken.None);

        var dir = volumes.HostPaths["cfg"];
        Assert.Equal(Path.Combine(_dir.Path, "uid-1", "volumes", "kubernetes.io~configmap", "cfg"), dir);
        Assert.Contains("cfg", volumes.ReadOnlyVolumes);
        var firstTs = new FileInfo(Path.Combine(dir, "..data")).LinkTarget!;
        Assert.StartsWith("..2025_01_02_03_04_05.", firstTs, StringComparison.Ordinal);
        Assert.Equal("..data/sub", new FileInfo(Path.Combine(dir, "sub")).LinkTarget);
        Assert.Equal("..data/b.conf", new FileInfo(Path.Combine(dir, "b.conf")).LinkTarget);
        Assert.Equal("one", File.ReadAllText(Path.Combine(dir, "sub", "a.conf")));
        Assert.Equal("600", Mode(Path.Combine(dir, firstTs, "sub", "a.conf")));
        Assert.Equal("644", Mode(Path.Combine(dir, firstTs, "b.conf")));

        // Unchanged content keeps the same timestamped directory.
        await _manager.SetUpPodVolumesAsync(pod, CancellationToken.None);
        Assert.Equal(firstTs, new FileInfo(Path.Combine(dir, "..data")).LinkTarget);

        _time.Advance(TimeSpan.FromMinutes(1));
        _objects.AddConfigMap("ns1", "cm", new() { ["a.conf"] = "ONE", ["b.conf"] = "two" });
        await _manager.SetUpPodVolumesAsync(pod, CancellationToken.None);

        var secondTs = new FileInfo(Path.Combine(dir, "..data")).LinkTarget!;
        Assert.StartsWith("..2025_01_02_03_05_05.", secondTs, StringComparison.Ordinal);
        Assert.Equal("ONE", File.ReadAllText(Path.Combine(dir, "sub", "a.conf")));
        Assert.False(Directory.Exists(Path.Combine(dir, firstTs)));
        Assert.Equal(new[] { "..data", secondTs, "b.conf", "sub" }.Order(StringComparer.Ordinal), Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SetUpPodVolumesAsync_ConfigMapKeysRemoved_RemovesUserVisiblePaths()
    {
        _objects.AddConfigMap("ns1", "cm", new() { ["a"] = "1", ["b"] = "2" });
        var pod = PodWith(new V1Volume { Name = "cfg", ConfigMap = new V1ConfigMapVolumeSource { Name = "cm" } });
        var dir = (await _manager.SetUpPodVolumesAsync(pod, CancellationToken.None)).HostPaths["cfg"];

        _objects.AddConfigMap("ns1", "cm", new() { ["a"] = "1" });
        await _manager.SetUpPodVolumesAsync(pod, CancellationToken.None);

        Assert.True(File.Exists(Path.Combine(dir, "a")));
        Assert.Null(new FileInfo(Path.Combine(dir, "b")).LinkTarget);
    }

    [Fact]
    public async Task SetUpPodVolumesAsync_MissingSources_OptionalEmptyRequiredFails()
    {
        var optional = PodWith(
            new V1Volume { Name = "c", ConfigMap = new V1ConfigMapVolumeSource { Name = "none", Optional = true } },
            new V1Volume { Name = "s", Secret = new V1SecretVolumeSource { SecretName = "none", Optional = true } });
        var volumes = await _manager.SetUpPodVolumesAsync(optional, CancellationToken.None);
        Assert.Equal(["..data"], Directory.EnumerateFileSystemEntries(volumes.HostPaths["c"]).Select(Path.GetFileName).Where(n => !n!.StartsWith("..2", StringComparison.Ordinal)));

        var e1 = await Assert.ThrowsAsync<VolumeSetupException>(() => _manager.SetUpPodVolumesAsync(PodWith(new V1Volume { Name = "cfg", ConfigMap = new V1ConfigMapVolumeSource { Name = "x" } }), CancellationToken.None));
        Assert.Equal("MountVolume.SetUp failed for volume \"cfg\" : configmap \"x\" not found", e1.Message);
        var e2 = await Assert.ThrowsAsync<VolumeSetupException>(() => _manager.SetUpPodVolumesAsync(PodWith(new V1Volume { Name = "sec", Secret = new V1SecretVolumeSource { SecretName = "x" } }), CancellationToken.None));
        Assert.Equal("MountVolume.SetUp failed for volume \"sec\" : secret \"x\" not found", e2.Message);
        _objects.AddSecret("ns1", "s", new() { ["k"] = "v" });
        var e3 = await Assert.ThrowsAsync<VolumeSetupException>(() => _manager.SetUpPodVolumesAsync(PodWith(new V1Volume { Name = "sec", Secret = new V1SecretVolumeSource { SecretName = "s", Items = [new V1KeyToPath { Key = "nope", Path = "p" }] } }), CancellationToken.None));
        Assert.Equal("MountVolume.SetUp failed for volume \"sec\" : references non-existent secret key: nope", e3.Message);
    }

    [Fact]
    public async Task SetUpPodVolumesAsync_Secret_DefaultModeApplied()
    {
        _objects.AddSecret("ns1", "s", new() { ["password"] = "hunter2" });
        var pod = PodWith(new V1Volume { Name = "sec", Secret = new V1SecretVolumeSource { SecretName = "s", DefaultMode = 256 } });

        var dir = (await _manager.SetUpPodVolumesAsync(pod, CancellationToken.None)).HostPaths["sec"];

        Assert.EndsWith("kubernetes.io~secret/sec", dir, StringComparison.Ordinal);
        Assert.Equal("hunter2", File.ReadAllText(Path.Combine(dir, "password")));
        // Memory-backed, as upstream: the secret never reaches the node's disk.
        Assert.Contains(" - tmpfs ", File.ReadLines("/proc/self/mountinfo").Single(l => l.Split(' ')[4] == dir), StringComparison.Ordinal);
        await _manager.SetUpPodVolumesAsync(pod, CancellationToken.None);
        Assert.Single(File.ReadLines("/proc/self/mountinfo"), l => l.Split(' ')[4] == dir);
        Assert.Equal("400", Mode(Path.Combine(dir, new FileInfo(Path.Combine(dir, "..data")).LinkTarget!, "password")));
    }

    [Fact]
    public async Task SetUpPodVolumesAsync_DownwardApi_LabelsAnnotationsAndResources()
    {
        var pod = PodWith(new V1Volume
        {
            Name = "info",
            DownwardAPI = new V1DownwardAPIVolumeSource
            {
                Items = [
                    new V1DownwardAPIVolumeFile { Path = "labels", FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.labels" } },
                    new V1DownwardAPIVolumeFile { Path = "annotations", FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.annotations" } },
                    new V1DownwardAPIVolumeFile { Path = "name", FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } },
                    new V1DownwardAPIVolumeFile { Path = "cpu", ResourceFieldRef = new V1ResourceFieldSelector { ContainerName = "c", Resource = "requests.cpu", Divisor = new ResourceQuantity("1m") } },
                    new V1DownwardAPIVolumeFile { Path = "mem", ResourceFieldRef = new V1ResourceFieldSelector { ContainerName = "c", Resource = "limits.memory", Divisor = new ResourceQuantity("1Mi") } },
                ],
            },
        });

        var dir = (await _manager.SetUpPodVolumesAsync(pod, CancellationToken.None)).HostPaths["info"];

        Assert.EndsWith("kubernetes.io~downward-api/info", dir, StringComparison.Ordinal);
        Assert.Equal("app=\"web\"\ntier=\"front\\\"end\"", File.ReadAllText(Path.Combine(dir, "labels")));
        Assert.Equal("note=\"a\\nb\"", File.ReadAllText(Path.Combine(dir, "annotations")));
        Assert.Equal("web", File.ReadAllText(Path.Combine(dir, "name")));
        Assert.Equal("500", File.ReadAllText(Path.Combine(dir, "cpu")));
        Assert.Equal("2048", File.ReadAllText(Path.Combine(dir, "mem")));
    }

    [Fact]
    public async Task SetUpPodVolumesAsync_KubeApiAccessProjection_TokenCaAndNamespace()
    {
        _objects.AddConfigMap("ns1", "kube-root-ca.crt", new() { ["ca.crt"] = "CERT" });
        var pod = PodWith(new V1Volume
        {
            Name = "kube-api-access-abcde",
            Projected = new V1ProjectedVolumeSource
            {
                DefaultMode = 420,
                Sources = [
                    new V1VolumeProjection { ServiceAccountToken = new V1ServiceAccountTokenProjection { Path = "token", ExpirationSeconds = 3607 } },
                    new V1VolumeProjection { ConfigMap = new V1ConfigMapProjection { Name = "kube-root-ca.crt", Items = [new V1KeyToPath { Key = "ca.crt", Path = "ca.crt" }] } },
                    new V1VolumeProjection { DownwardAPI = new V1DownwardAPIProjection { Items = [new V1DownwardAPIVolumeFile { Path = "namespace", FieldRef = new V1ObjectFieldSelector { ApiVersion = "v1", FieldPath = "metadata.namespace" } }] } },
                    new V1VolumeProjection { Secret = new V1SecretProjection { Name = "absent", Optional = true } },
                ],
            },
        });

        var dir = (await _manager.SetUpPodVolumesAsync(pod, CancellationToken.None)).HostPaths["kube-api-access-abcde"];
        await _manager.SetUpPodVolumesAsync(pod, CancellationToken.None);

        Assert.EndsWith("kubernetes.io~projected/kube-api-access-abcde", dir, StringComparison.Ordinal);
        Assert.Contains(" - tmpfs ", Assert.Single(File.ReadLines("/proc/self/mountinfo"), l => l.Split(' ')[4] == dir), StringComparison.Ordinal);
        Assert.Equal("token-1-sa1--3607", File.ReadAllText(Path.Combine(dir, "token")));
        Assert.Equal("CERT", File.ReadAllText(Path.Combine(dir, "ca.crt")));
        Assert.Equal("ns1", File.ReadAllText(Path.Combine(dir, "namespace")));
        Assert.Equal(1, _objects.TokenRequests);

        // The token is renewed after 80% of its lifetime.
        _time.Advance(TimeSpan.FromSeconds(3000));
        await _manager.SetUpPodVolumesAsync(pod, CancellationToken.None);
        Assert.Equal("token-2-sa1--3607", File.ReadAllText(Path.Combine(dir, "token")));
    }

    [Fact]
    public async Task SetUpPodVolumesAsync_HostPathTypes_CreateOrCheckWithUpstreamMessages()
    {
        var root = _dir.Path;
        File.WriteAllText(Path.Combine(root, "file"), "x");
        var pod = PodWith(
            new V1Volume { Name = "d", HostPath = new V1HostPathVolumeSource { Path = Path.Combine(root, "newdir", "deep"), Type = "DirectoryOrCreate" } },
            new V1Volume { Name = "f", HostPath = new V1HostPathVolumeSource { Path = Path.Combine(root, "newfile"), Type = "FileOrCreate" } },
            new V1Volume { Name = "e", HostPath = new V1HostPathVolumeSource { Path = Path.Combine(root, "file"), Type = "File" } },
            new V1Volume { Name = "c", HostPath = new V1HostPathVolumeSource { Path = "/dev/null", Type = "CharDevice" } },
            new V1Volume { Name = "any", HostPath = new V1HostPathVolumeSource { Path = Path.Combine(root, "whatever") } });

        var volumes = await _manager.SetUpPodVolumesAsync(pod, CancellationToken.None);

        Assert.True(Directory.Exists(Path.Combine(root, "newdir", "deep")));
        Assert.Equal("755", Mode(Path.Combine(root, "newdir", "deep")));
        Assert.True(File.Exists(Path.Combine(root, "newfile")));
        Assert.Equal("644", Mode(Path.Combine(root, "newfile")));
        Assert.Equal("/dev/null", volumes.HostPaths["c"]);

        async Task<string> FailAsync(string path, string type) => (await Assert.ThrowsAsync<VolumeSetupException>(() =>
            _manager.SetUpPodVolumesAsync(PodWith(new V1Volume { Name = "h", HostPath = new V1HostPathVolumeSource { Path = path, Type = type } }), CancellationToken.None))).Message;
        var file = Path.Combine(root, "file");
        Assert.Equal($"MountVolume.SetUp failed for volume \"h\" : hostPath type check failed: {file} is not a directory", await FailAsync(file, "Directory"));
        Assert.Equal($"MountVolume.SetUp failed for volume \"h\" : hostPath type check failed: {file} is not a directory", await FailAsync(file, "DirectoryOrCreate"));
        Assert.Equal($"MountVolume.SetUp failed for volume \"h\" : hostPath type check failed: {root} is not a file", await FailAsync(root, "File"));
        Assert.Equal($"MountVolume.SetUp failed for volume \"h\" : hostPath type check failed: {file} is not a socket file", await FailAsync(file, "Socket"));
        Assert.Equal($"MountVolume.SetUp failed for volume \"h\" : hostPath type check failed: {file} is not a character device", await FailAsync(file, "CharDevice"));
        Assert.Equal($"MountVolume.SetUp failed for volume \"h\" : hostPath type check failed: /dev/null is not a block device", await FailAsync("/dev/null", "BlockDevice"));
    }

    [Fact]
    public async Task SetUpPodVolumesAsync_HostPathSocket_Accepted()
    {
        var socketPath = Path.Combine(_dir.Path, "s.sock");
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(socketPath));

        var volumes = await _manager.SetUpPodVolumesAsync(PodWith(new V1Volume { Name = "s", HostPath = new V1HostPathVolumeSource { Path = socketPath, Type = "Socket" } }), CancellationToken.None);

        Assert.Equal(socketPath, volumes.HostPaths["s"]);
    }

    [Fact]
    public async Task SetUpPodVolumesAsync_Claims_BoundToHostPathOrLocalElseUnbound()
    {
        var local = Directory.CreateDirectory(Path.Combine(_dir.Path, "local")).FullName;
        _objects.ClaimVolumes[("ns1", "hp")] = new V1PersistentVolume { Metadata = new V1ObjectMeta { Name = "pv1" }, Spec = new V1PersistentVolumeSpec { HostPath = new V1HostPathVolumeSource { Path = Path.Combine(_dir.Path, "pvdir"), Type = "DirectoryOrCreate" } } };
        _objects.ClaimVolumes[("ns1", "lo")] = new V1PersistentVolume { Metadata = new V1ObjectMeta { Name = "pv2" }, Spec = new V1PersistentVolumeSpec { Local = new V1LocalVolumeSource { Path = local } } };
        var pod = PodWith(
            new V1Volume { Name = "a", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = "hp" } },
            new V1Volume { Name = "b", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = "lo", ReadOnlyProperty = true } });

        var volumes = await _manager.SetUpPodVolumesAsync(pod, CancellationToken.None);

        Assert.Equal(Path.Combine(_dir.Path, "pvdir"), volumes.HostPaths["a"]);
        Assert.True(Directory.Exists(volumes.HostPaths["a"]));
        Assert.Equal(local, volumes.HostPaths["b"]);
        Assert.Contains("b", volumes.ReadOnlyVolumes);
        var e = await Assert.ThrowsAsync<VolumeSetupException>(() => _manager.SetUpPodVolumesAsync(PodWith(new V1Volume { Name = "u", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = "pending" } }), CancellationToken.None));
        Assert.Equal("error processing PVC ns1/pending: PVC is not bound", e.Message);
    }

    [Fact]
    public async Task TearDownPodVolumesAsync_AllVolumeKinds_LeavesNothing()
    {
        _objects.AddConfigMap("ns1", "cm", new() { ["a"] = "1" });
        var pod = PodWith(
            new V1Volume { Name = "e", EmptyDir = new V1EmptyDirVolumeSource() },
            new V1Volume { Name = "m", EmptyDir = new V1EmptyDirVolumeSource { Medium = "Memory" } },
            new V1Volume { Name = "c", ConfigMap = new V1ConfigMapVolumeSource { Name = "cm" } });
        await _manager.SetUpPodVolumesAsync(pod, CancellationToken.None);
        await EtcHostsFile.WriteAsync(_dir.Path, pod, ["10.42.0.5"], "cluster.local", CancellationToken.None);

        await _manager.TearDownPodVolumesAsync("uid-1", CancellationToken.None);
        await _manager.TearDownPodVolumesAsync("uid-1", CancellationToken.None);

        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir.Path));
        Assert.Empty(Mounter.MountPointsUnder(_dir.Path));
    }
}
