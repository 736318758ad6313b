using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Images;
using KubeSharp.Kubelet.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Kubelet.Tests.Runtime;

/// <summary>
/// A real containerd with the project's busybox and pause images imported (airgap), on a bridge and a 10.42.x.0/24
/// of its own, under a temporary agent data dir. Use as <c>IClassFixture&lt;ContainerdFixture&gt;</c> or
/// <c>await using var c = await ContainerdFixture.StartAsync();</c>. Disposal tears everything down (sandboxes,
/// containerd, shims, mounts, bridge, iptables, IPAM state) and removes the folder. Fails, never skips, without containerd.
/// </summary>
public sealed class ContainerdFixture : IAsyncLifetime, IAsyncDisposable
{
    private readonly IReadOnlyList<RegistryHost> registries;
    private string? tempDir;

    public ContainerdFixture()
        : this([])
    {
    }

    private ContainerdFixture(IReadOnlyList<RegistryHost> registries) => this.registries = registries;

    /// <summary>The agent's data dir (&lt;tmp&gt;/agent): images/, containerd/, run/, logs/pods/ for sandboxes' logs.</summary>
    internal string AgentDataDir { get; private set; } = "";

    internal string BridgeName { get; private set; } = "";

    /// <summary>The CNI network name (same as the bridge's).</summary>
    internal string NetworkName => BridgeName;

    internal string PodSubnet { get; private set; } = "";

    internal ContainerdSupervisor Supervisor { get; private set; } = null!;

    /// <summary>A CRI client on the supervisor's endpoint (both services).</summary>
    internal CriClient Cri { get; private set; } = null!;

    internal static async Task<ContainerdFixture> StartAsync(IReadOnlyList<RegistryHost>? registries = null)
    {
        var fixture = new ContainerdFixture(registries ?? []);
        await fixture.InitializeAsync();
        return fixture;
    }

    public async Task InitializeAsync()
    {
        foreach (var tool in new[] { "containerd", "ctr", "runc" })
        {
            if (!OnPath(tool))
            {
                throw new InvalidOperationException(
                    $"'{tool}' is not installed: install containerd, runc and containernetworking-plugins (scripts/install.sh does)");
            }
        }

        tempDir = Directory.CreateTempSubdirectory("ks-").FullName;
        AgentDataDir = Path.Combine(tempDir, "agent");
        BridgeName = "ks" + Guid.NewGuid().ToString("N")[..6];
        PodSubnet = await FreeSubnetAsync();
        await TestImages.CopyToAsync(Path.Combine(AgentDataDir, "images"));
        Supervisor = new ContainerdSupervisor(
            new ContainerdOptions
            {
                AgentDataDir = AgentDataDir,
                BridgeName = BridgeName,
                NetworkName = BridgeName,
                PodSubnet = PodSubnet,
                Registries = registries,
            },
            NullLogger<ContainerdSupervisor>.Instance,
            TimeProvider.System);
        try
        {
            await Supervisor.StartAsync(CancellationToken.None);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }

        Cri = new CriClient(Supervisor.Endpoint);
    }

    /// <summary>
    /// A sandbox config as the kubelet would make it: metadata, hostname, the log directory
    /// &lt;agent&gt;/logs/pods/&lt;ns&gt;_&lt;name&gt;_&lt;uid&gt; (created) and upstream's pod labels.
    /// </summary>
    internal PodSandboxConfig NewSandboxConfig(string name, string podNamespace = "default")
    {
        var uid = Guid.NewGuid().ToString();
        var logDirectory = Path.Combine(AgentDataDir, "logs", "pods", $"{podNamespace}_{name}_{uid}");
        Directory.CreateDirectory(logDirectory);
        var config = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = name, Namespace = podNamespace, Uid = uid },
            Hostname = name,
            LogDirectory = logDirectory,
            Linux = new LinuxPodSandboxConfig(),
        };
        config.Labels[CriLabels.PodName] = name;
        config.Labels[CriLabels.PodNamespace] = podNamespace;
        config.Labels[CriLabels.PodUid] = uid;
        return config;
    }

    /// <summary>A container of the busybox image running <paramref name="command"/>, logging to &lt;name&gt;/0.log.</summary>
    internal static ContainerConfig BusyboxContainer(string name, params string[] command)
    {
        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = name },
            Image = new ImageSpec { Image = BuiltInImages.BusyboxReference },
            LogPath = Path.Combine(name, "0.log"),
        };
        config.Command.AddRange(command);
        return config;
    }

    public async Task DisposeAsync()
    {
        Cri?.Dispose();
        if (Supervisor is not null)
        {
            await Supervisor.TearDownAsync(CancellationToken.None);
        }

        if (tempDir is not null && Directory.Exists(tempDir))
        {
            Directory.Delete(tempDir, recursive: true);
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Append("/usr/sbin").Any(d => File.Exists(Path.Combine(d, tool)));

    /// <summary>A 10.42.x.0/24 no route of this host uses (other tests may run their own containerd at the same time).</summary>
    private static async Task<string> FreeSubnetAsync()
    {
        var routes = (await HostCommand.RunCheckedAsync("ip", ["-4", "route", "show"], CancellationToken.None)).Split('\n');
        var candidates = Enumerable.Range(64, 190).OrderBy(_ => Random.Shared.Next()).ToList();
        foreach (var x in candidates)
        {
            var prefix = $"10.42.{x}.";
            if (!routes.Any(r => r.StartsWith(prefix, StringComparison.Ordinal)))
            {
                return prefix + "0/24";
            }
        }

        throw new InvalidOperationException("no free 10.42.x.0/24 for a test network");
    }
}
