using System.Collections.Concurrent;
using Grpc.Core;
using k8s;
using k8s.Models;
using KubeSharp.Client;
using KubeSharp.Kubelet.Admission;
using KubeSharp.Kubelet.Config;
using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Eviction;
using KubeSharp.Kubelet.Kuberuntime;
using KubeSharp.Kubelet.Nodes;
using KubeSharp.Kubelet.Pleg;
using KubeSharp.Kubelet.PodWorkers;
using KubeSharp.Kubelet.Prober;
using KubeSharp.Kubelet.Status;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Hosting;

/// <summary>
/// The kubelet of one node, composed: node registration and heartbeats, an informer of the pods bound to this node, one pod
/// worker per pod, the PLEG and probe results that wake them, the status manager, and housekeeping of pods the runtime
/// still runs but the API server no longer has. <see cref="RunAsync"/> runs it until cancelled.
/// </summary>
internal sealed class KubeletService : IAsyncDisposable
{
    private readonly KubeletOptions _options;
    private readonly IKubernetes _client;
    private readonly IRuntimeService _runtime;
    private readonly IImageService _images;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly EventRecorder _recorder;
    private readonly ConcurrentDictionary<string, V1Pod> _pods = new(StringComparer.Ordinal);
    private readonly ProbeFailures _probeFailures = new();
    private readonly PodKills _kills = new();
    private readonly EvictionManager _eviction;
    private readonly IPodEvents _events;
    private readonly ConcurrentDictionary<string, bool> _admitted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ResourceQuantity> _allocatable;
    private readonly IProbeManager? _probes;
    private readonly GenericPleg _pleg;
    private readonly NodeAgent? _nodeAgent;

    public KubeletService(KubeletOptions options, IKubernetes client, IRuntimeService runtime, IImageService images, KubeletDependencies dependencies,
        TimeProvider time, ILoggerFactory loggers)
    {
        _options = options;
        _client = client;
        _runtime = runtime;
        _images = images;
        _time = time;
        _logger = loggers.CreateLogger("KubeSharp.Kubelet");
        _recorder = new EventRecorder(client, "kubelet", time, loggers.CreateLogger("KubeSharp.Kubelet.Events"), options.NodeName);
        var events = new RecorderPodEvents(_recorder);
        _events = events;
        var machine = dependencies.Machine ?? MachineInfo.Read(options.DataDir);
        _allocatable = NodeObjectBuilder.Capacity(machine, options.MaxPods);
        var environment = dependencies.Environment ?? (dependencies.Objects is { } objects
            ? new KubeletEnvironment(new ContainerEnvironment(objects), [options.NodeIp], NodeObjectBuilder.Capacity(machine, options.MaxPods), events)
            : new SpecEnvironment());
        RuntimeManager = new KubeRuntimeManager(runtime, images, environment, events,
            new KubeRuntimeOptions
            {
                RootDirectory = options.DataDir,
                NodeIp = options.NodeIp,
                ClusterDns = options.ClusterDns,
                ClusterDomain = options.ClusterDomain,
                ResolvConf = options.ResolvConf,
                CgroupRoot = options.CgroupRoot,
                CrashLoopBackOffInitial = options.CrashLoopBackOffInitial,
                CrashLoopBackOffMax = options.CrashLoopBackOffMax,
            },
            time, loggers.CreateLogger("KubeSharp.Kubelet.Kuberuntime"));
        Statuses = new StatusManager(client, time, loggers.CreateLogger("KubeSharp.Kubelet.Status"));
        _probes = dependencies.ProbeManagerFactory?.Invoke(HandleProbeUpdate, events);
        var syncer = new PodSyncer(RuntimeManager, Statuses, dependencies.Volumes, _probes, dependencies.Objects, events, _probeFailures, _kills, time);
        Workers = new PodWorkerPool(syncer, time, loggers.CreateLogger("KubeSharp.Kubelet.PodWorkers"),
            new PodWorkersOptions { ResyncInterval = options.PodResyncInterval, BackOffPeriod = options.PodBackOffPeriod });
        _eviction = new EvictionManager(ObserveSignalsAsync, options.EvictionHard,
            () => _pods.Values.Where(p => !PodPhases.IsTerminal(p.Status?.Phase) && p.Metadata.DeletionTimestamp is null), _kills,
            pod => Workers.UpdatePod(pod, PodUpdateType.Sync), events);
        _pleg = new GenericPleg(runtime, time, loggers.CreateLogger("KubeSharp.Kubelet.Pleg"), options.PlegRelistPeriod);
        if (options.RegisterNode)
        {
            _nodeAgent = new NodeAgent(client, new NodeOptions
            {
                NodeName = options.NodeName,
                NodeIp = options.NodeIp,
                Labels = options.NodeLabels,
                Taints = options.NodeTaints,
                IsServer = options.IsServer,
                PodCidr = options.PodCidr,
                KubeletPort = options.KubeletPort,
                MaxPods = options.MaxPods,
                StatusUpdateFrequency = options.NodeStatusUpdateFrequency,
            }, machine, RuntimeStateAsync, time, loggers.CreateLogger("KubeSharp.Kubelet.Node"));
        }
    }

    public KubeRuntimeManager RuntimeManager { get; }

    /// <summary>The pods bound to this node, as last seen from the API server (the kubelet API's /pods).</summary>
    public IReadOnlyList<V1Pod> Pods() => [.. _pods.Values];

    public StatusManager Statuses { get; }

    public PodWorkerPool Workers { get; }

    /// <summary>Runs the kubelet until cancelled, then stops its pod workers (containers keep running, as upstream's).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var version = await RuntimeManager.VersionAsync(cancellationToken).ConfigureAwait(false);
        KubeletLog.Started(_logger, _options.NodeName, version.RuntimeName, version.RuntimeVersion);
        var listWatch = ListWatch.For<V1Pod, V1PodList>(_client, "", "v1", "pods", fieldSelector: $"spec.nodeName={_options.NodeName}");
        var informer = new SharedInformer<V1Pod>(listWatch, _time, _logger);
        informer.AddEventHandler(
            pod => Apply(pod, PodUpdateType.Create),
            (_, pod) => Apply(pod, PodUpdateType.Update),
            pod =>
            {
                _pods.TryRemove(pod.Metadata.Uid, out _);
                _kills.Forget(pod.Metadata.Uid);
                _admitted.TryRemove(pod.Metadata.Uid, out _);
                Workers.UpdatePod(pod, PodUpdateType.Kill);
            });

        var loops = new List<Task>
        {
            informer.RunAsync(cancellationToken),
            Statuses.RunAsync(cancellationToken),
            _pleg.RunAsync(OnPodLifecycleEvent, cancellationToken),
            HousekeepingAsync(informer, cancellationToken),
            EvictionLoopAsync(informer, cancellationToken),
        };
        if (_nodeAgent is not null)
        {
            loops.Add(_nodeAgent.RunAsync(cancellationToken));
        }

        try
        {
            await Task.WhenAll(loops).ConfigureAwait(false);
        }
        finally
        {
            await Workers.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A probe result changed: resync the pod (the plan restarts a container whose liveness or startup probe fails).</summary>
    public void HandleProbeUpdate(ProbeUpdate update)
    {
        _probeFailures.Apply(update);
        if (_pods.TryGetValue(update.PodUid, out var pod))
        {
            Workers.UpdatePod(pod, PodUpdateType.Sync);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Workers.DisposeAsync().ConfigureAwait(false);
        await _recorder.DisposeAsync().ConfigureAwait(false);
    }

    private void Apply(V1Pod pod, PodUpdateType type)
    {
        _pods[pod.Metadata.Uid] = pod;
        AdmitOnce(pod);
        Workers.UpdatePod(pod, type);
    }

    /// <summary>
    /// Upstream's admission of a pod the kubelet sees for the first time; a pod that already ran (a restarted kubelet) or
    /// ended is admitted as it is. A rejected pod is ended by its worker with the rejection as its Failed status.
    /// </summary>
    private void AdmitOnce(V1Pod pod)
    {
        var uid = pod.Metadata.Uid;
        if (_admitted.ContainsKey(uid) || _kills.Get(uid) is not null)
        {
            return;
        }

        lock (_admitted)
        {
            var phase = pod.Status?.Phase;
            var active = _pods.Values.Where(p => _admitted.ContainsKey(p.Metadata.Uid) && !PodPhases.IsTerminal(p.Status?.Phase) && _kills.Get(p.Metadata.Uid) is null);
            if (phase is "Running" || PodPhases.IsTerminal(phase) || PodAdmission.Admit(pod, active, _allocatable, _eviction.Pressures) is not { } rejection)
            {
                _admitted[uid] = true;
                return;
            }

            if (_kills.Request(uid, new PodKillRequest(rejection.Reason, rejection.Message, 0, DisruptionTarget: false)))
            {
                _events.Event(pod, "Warning", rejection.Reason, rejection.Message);
            }
        }
    }

    private void OnPodLifecycleEvent(PodLifecycleEvent e)
    {
        if (_pods.TryGetValue(e.PodUid, out var pod))
        {
            Workers.UpdatePod(pod, PodUpdateType.Sync);
        }
    }

    private async Task<NodeRuntimeState> RuntimeStateAsync(CancellationToken cancellationToken)
    {
        try
        {
            var version = await _runtime.VersionAsync(cancellationToken).ConfigureAwait(false);
            var status = await _runtime.StatusAsync(cancellationToken).ConfigureAwait(false);
            var images = await _images.ListImagesAsync(cancellationToken).ConfigureAwait(false);
            var notReady = status.Status?.Conditions.Where(c => !c.Status).ToList() ?? [];
            var message = notReady.Count == 0 ? null
                : "container runtime not ready: " + string.Join(", ", notReady.Select(c => $"{c.Type}=false reason:{c.Reason} message:{c.Message}"));
            return new NodeRuntimeState($"{version.RuntimeName}://{version.RuntimeVersion}", images, message) { Pressures = _eviction.Pressures };
        }
        catch (RpcException e)
        {
            return new NodeRuntimeState("", [], $"container runtime is down: {e.Status.Detail}");
        }
    }

    /// <summary>Every housekeeping period: stop and remove runtime pods that have no pod object and no worker.</summary>
    private async Task HousekeepingAsync(SharedInformer<V1Pod> informer, CancellationToken cancellationToken)
    {
        try
        {
            await informer.WaitForSyncAsync(cancellationToken).ConfigureAwait(false);
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await RemoveOrphansAsync(cancellationToken).ConfigureAwait(false);
                    RuntimeManager.CrashLoop.GarbageCollect();
                    SyncPastActiveDeadlines();
                }
                catch (RpcException e)
                {
                    KubeletLog.HousekeepingFailed(_logger, e);
                }

                await Task.Delay(_options.HousekeepingPeriod, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Pods whose activeDeadlineSeconds has run out are synced now, which ends them (upstream's sync ticker does the same).</summary>
    private void SyncPastActiveDeadlines()
    {
        var now = _time.GetUtcNow();
        foreach (var pod in _pods.Values.Where(p => !PodPhases.IsTerminal(p.Status?.Phase) && PodSyncer.ActiveDeadlinePassed(p, now)))
        {
            Workers.UpdatePod(pod, PodUpdateType.Sync);
        }
    }

    /// <summary>The eviction signals: the kubelet's directory is the node filesystem, CRI names the image filesystem.</summary>
    private async Task<NodeSignals> ObserveSignalsAsync(CancellationToken cancellationToken)
    {
        string? imageFs = null;
        try
        {
            imageFs = (await _images.ImageFsInfoAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault()?.FsId?.Mountpoint;
        }
        catch (RpcException)
        {
            // The runtime is down (the node status says so); the node filesystem stands in.
        }

        return NodeSignalsReader.Read(_options.DataDir, string.IsNullOrEmpty(imageFs) ? null : imageFs);
    }

    /// <summary>Upstream's eviction monitoring: every interval, evict one pod while a hard threshold is met.</summary>
    private async Task EvictionLoopAsync(SharedInformer<V1Pod> informer, CancellationToken cancellationToken)
    {
        try
        {
            await informer.WaitForSyncAsync(cancellationToken).ConfigureAwait(false);
            while (!cancellationToken.IsCancellationRequested)
            {
                if (await _eviction.SynchronizeAsync(cancellationToken).ConfigureAwait(false) is { } evicted)
                {
                    KubeletLog.Evicted(_logger, PodSpecs.Format(evicted));
                }

                await Task.Delay(_options.EvictionMonitoringPeriod, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task RemoveOrphansAsync(CancellationToken cancellationToken)
    {
        var known = Workers.KnownPods().ToHashSet(StringComparer.Ordinal);
        var sandboxes = await _runtime.ListPodSandboxAsync(null, cancellationToken).ConfigureAwait(false);
        foreach (var sandbox in sandboxes.Where(s => s.Metadata is not null).GroupBy(s => s.Metadata.Uid))
        {
            if (_pods.ContainsKey(sandbox.Key) || known.Contains(sandbox.Key))
            {
                continue;
            }

            KubeletLog.RemovingOrphan(_logger, sandbox.Key);
            var meta = sandbox.First().Metadata;
            var pod = new V1Pod
            {
                ApiVersion = "v1",
                Kind = "Pod",
                Metadata = new V1ObjectMeta { Name = meta.Name, NamespaceProperty = meta.Namespace, Uid = meta.Uid },
                Spec = new V1PodSpec { Containers = [], TerminationGracePeriodSeconds = 2 },
            };
            var status = await RuntimeManager.GetPodStatusAsync(meta.Uid, meta.Name, meta.Namespace, cancellationToken).ConfigureAwait(false);
            await RuntimeManager.KillPodAsync(pod, status, 2, cancellationToken).ConfigureAwait(false);
            await RuntimeManager.RemovePodAsync(status, cancellationToken).ConfigureAwait(false);
        }
    }
}
