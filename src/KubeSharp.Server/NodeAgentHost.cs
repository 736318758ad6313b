using System.Net;
using System.Security.Cryptography;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Hosting;
using KubeSharp.Kubelet.Images;
using KubeSharp.Kubelet.Nodes;
using KubeSharp.Kubelet.Prober;
using KubeSharp.Kubelet.Runtime;
using KubeSharp.Kubelet.Stats;
using KubeSharp.Kubelet.Sources;
using KubeSharp.Kubelet.Streaming;
using KubeSharp.Kubelet.Volumes;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Server;

/// <summary>
/// The node agent (k3s' agent): registers the node and waits for its pod CIDR, runs containerd as a child process (or uses
/// an external CRI endpoint), then the kubelet with its volumes, probes and env, and the kubelet server for logs/exec.
/// Containers keep running when the agent stops, as with k3s; <c>kubesharp killall</c> removes them.
/// </summary>
internal static partial class NodeAgentHost
{
    private static readonly TimeSpan PodCidrWait = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(IKubernetes client, string clientCaPem, NodeAgentOptions options, TimeProvider time, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("kubesharp.agent");
        Directory.CreateDirectory(options.DataDir);
        var podCidr = await AwaitPodCidrAsync(client, options, logger, cancellationToken).ConfigureAwait(false);
        await EnsureBuiltInImagesAsync(options.DataDir, logger, cancellationToken).ConfigureAwait(false);

        await using var containerd = new ContainerdSupervisor(ContainerdOptionsFor(options.DataDir, podCidr, options.ContainerRuntimeEndpoint, options.InsecureRegistries), loggers.CreateLogger<ContainerdSupervisor>(), time);
        await containerd.StartAsync(cancellationToken).ConfigureAwait(false);
        using var cri = new CriClient(containerd.Endpoint);
        KubeletService? kubeletForServer = null;
        await using var kubeletServer = new KubeletServer(cri, new KubeletServerOptions
        {
            Port = options.KubeletPort,
            BindAddress = IPAddress.Parse(options.NodeIp),
            ClientCaPem = clientCaPem,
            ServingSans = [options.NodeIp, options.NodeName],
            TimeProvider = time,
            Stats = new SummaryProvider(cri, options.NodeName, time),
            Pods = () => kubeletForServer?.Pods() ?? [],
        }, loggers.CreateLogger<KubeletServer>());
        await kubeletServer.StartAsync(cancellationToken).ConfigureAwait(false);

        var kubeletOptions = new KubeletOptions
        {
            NodeName = options.NodeName,
            NodeIp = options.NodeIp,
            DataDir = options.DataDir,
            RuntimeEndpoint = containerd.Endpoint,
            NodeLabels = options.Labels,
            NodeTaints = options.Taints,
            IsServer = options.ControlPlane,
            PodCidr = podCidr,
            KubeletPort = options.KubeletPort,
            EvictionHard = options.EvictionHard,
        };
        var objects = new ApiPodObjectSource(client);
        var machine = MachineInfo.Read(options.DataDir);
        var allocatable = NodeObjectBuilder.Capacity(machine, kubeletOptions.MaxPods);
        var dependencies = new KubeletDependencies
        {
            Objects = objects,
            Machine = machine,
            Volumes = new VolumeManager(Path.Combine(options.DataDir, "pods"), objects, allocatable, time),
            ProbeManagerFactory = (onUpdate, events) => new ProbeManager(cri, time, loggers.CreateLogger<ProbeManager>(), onUpdate, events),
        };
        await using var kubelet = new KubeletService(kubeletOptions, client, cri, cri, dependencies, time, loggers);
        kubeletForServer = kubelet;
        LogRunning(logger, options.NodeName, podCidr, containerd.Endpoint, kubeletServer.Port);
        await kubelet.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes everything the agent of <paramref name="agentDataDir"/> started (k3s-killall.sh): pods, containerd, mounts, network.</summary>
    public static async Task KillAllAsync(string agentDataDir, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        await using var containerd = new ContainerdSupervisor(ContainerdOptionsFor(agentDataDir, podCidr: "10.42.0.0/24"),
            loggers.CreateLogger<ContainerdSupervisor>(), TimeProvider.System);
        await containerd.TearDownAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The bridge and CNI network of one agent, named after its data dir so that several agents on one machine do not collide.</summary>
    public static string NetworkName(string agentDataDir) =>
        "ks" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(agentDataDir))))[..8];

    private static ContainerdOptions ContainerdOptionsFor(string agentDataDir, string podCidr, string? externalEndpoint = null,
        IReadOnlyList<string>? insecureRegistries = null) => new()
    {
        Registries = [.. (insecureRegistries ?? []).Select(RegistryHost.PlainHttp)],
        AgentDataDir = agentDataDir,
        PodSubnet = podCidr,
        BridgeName = NetworkName(agentDataDir),
        NetworkName = NetworkName(agentDataDir),
        ExternalEndpoint = externalEndpoint,
    };

    /// <summary>
    /// The node's pod CIDR, given by the node IPAM controller once the Node exists: the agent registers a bare Node first
    /// (the kubelet fills in the rest) and waits, as k3s' agent waits for flannel's subnet.
    /// </summary>
    private static async Task<string> AwaitPodCidrAsync(IKubernetes client, NodeAgentOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await client.CoreV1.CreateNodeAsync(new V1Node
            {
                Metadata = new V1ObjectMeta { Name = options.NodeName, Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = options.NodeName } },
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Registered before (a restart): its CIDR stays.
        }

        var deadline = DateTime.UtcNow + PodCidrWait;
        while (true)
        {
            var node = await client.CoreV1.ReadNodeAsync(options.NodeName, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (node.Spec?.PodCIDR is { Length: > 0 } cidr)
            {
                return cidr;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException(
                    $"node {options.NodeName} got no pod CIDR within {PodCidrWait.TotalSeconds:0} s: is the controller manager (node IPAM) running?");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>k3s ships its pause image in an airgap tarball; we build busybox and pause from Debian's busybox-static when they are missing.</summary>
    private static async Task EnsureBuiltInImagesAsync(string agentDataDir, ILogger logger, CancellationToken cancellationToken)
    {
        var images = Path.Combine(agentDataDir, "images");
        if (File.Exists(Path.Combine(images, BuiltInImages.PauseFileName)) && File.Exists(Path.Combine(images, BuiltInImages.BusyboxFileName)))
        {
            return;
        }

        if (!File.Exists(BuiltInImages.DefaultBusyboxPath))
        {
            throw new InvalidOperationException($"{BuiltInImages.DefaultBusyboxPath} is missing (Debian package busybox-static): cannot build the pause image");
        }

        var built = await BuiltInImages.BuildAsync(images, BuiltInImages.DefaultBusyboxPath, cancellationToken).ConfigureAwait(false);
        LogImagesBuilt(logger, built.Count, images);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {Node} running: pod CIDR {PodCidr}, runtime {Endpoint}, kubelet port {Port}")]
    private static partial void LogRunning(ILogger logger, string node, string podCidr, string endpoint, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "Built {Count} images from busybox-static into {Directory}")]
    private static partial void LogImagesBuilt(ILogger logger, int count, string directory);
}
