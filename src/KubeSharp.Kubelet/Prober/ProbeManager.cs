using System.Diagnostics.CodeAnalysis;
using k8s.Models;
using KubeSharp.Kubelet.Cri;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Prober;

/// <summary>
/// Upstream's prober manager: a worker per container and probe type, result caches per probe type, and the readiness
/// and started flags of container statuses derived from them. Changed results go to the callback (from a worker's
/// task; the callback must not block).
/// </summary>
internal sealed partial class ProbeManager : IProbeManager, IAsyncDisposable
{
    /// <summary>Upstream's minimumGracePeriodInSeconds, when neither the pod nor the probe says otherwise.</summary>
    private const long MinimumGracePeriodSeconds = 2;

    private readonly Action<ProbeUpdate> onUpdate;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private readonly Dictionary<ProbeWorkerKey, ProbeWorker> workers = [];
    private readonly Dictionary<string, (V1Pod Pod, V1PodStatus? Status)> pods = [];
    private readonly Dictionary<(ProbeType Type, string ContainerId), ProbeResult> results = [];

    public ProbeManager(IRuntimeService runtime, TimeProvider timeProvider, ILogger logger, Action<ProbeUpdate> onUpdate, IProbeEventSink? events = null)
    {
        TimeProvider = timeProvider;
        this.logger = logger;
        this.onUpdate = onUpdate;
        Prober = new ContainerProber(runtime, timeProvider, events, logger);
    }

    public TimeProvider TimeProvider { get; }

    internal ContainerProber Prober { get; }

    /// <summary>Called after each probe round of a worker (tests use it as a barrier).</summary>
    internal Action<ProbeWorkerKey>? ProbeCompleted { get; set; }

    public void AddPod(V1Pod pod)
    {
        var uid = pod.Metadata?.Uid ?? throw new ArgumentException("pod has no uid", nameof(pod));
        var started = new List<ProbeWorker>();
        lock (gate)
        {
            if (!pods.ContainsKey(uid))
            {
                pods[uid] = (pod, null);
            }

            foreach (var container in ProbedContainers(pod))
            {
                AddWorker(started, uid, container, ProbeType.Startup, container.StartupProbe);
                AddWorker(started, uid, container, ProbeType.Readiness, container.ReadinessProbe);
                AddWorker(started, uid, container, ProbeType.Liveness, container.LivenessProbe);
            }
        }

        foreach (var worker in started)
        {
            worker.Start();
        }
    }

    public void RemovePod(V1Pod pod)
    {
        var uid = pod.Metadata?.Uid;
        List<ProbeWorker> stopping;
        lock (gate)
        {
            pods.Remove(uid ?? string.Empty);
            stopping = workers.Values.Where(w => w.Key.PodUid == uid).ToList();
        }

        foreach (var worker in stopping)
        {
            worker.Stop();
        }
    }

    public void UpdatePodStatus(V1Pod pod, V1PodStatus status)
    {
        var uid = pod.Metadata?.Uid ?? string.Empty;
        var triggers = new List<ProbeWorker>();
        lock (gate)
        {
            foreach (var container in status.ContainerStatuses ?? [])
            {
                UpdateContainer(uid, container, triggers);
            }

            var sidecars = (pod.Spec?.InitContainers ?? []).Where(IsSidecar).Select(c => c.Name).ToHashSet();
            foreach (var container in status.InitContainerStatuses ?? [])
            {
                if (sidecars.Contains(container.Name))
                {
                    UpdateContainer(uid, container, triggers);
                }
                else
                {
                    container.Ready = container.State?.Terminated is { ExitCode: 0 };
                }
            }

            if (pods.ContainsKey(uid) || workers.Keys.Any(k => k.PodUid == uid))
            {
                pods[uid] = (pod, status);
            }
        }

        // An immediate readiness probe so a new container need not wait a whole period to become ready.
        foreach (var worker in triggers)
        {
            worker.Trigger();
        }
    }

    public bool TryGetResult(ProbeType type, string containerId, out ProbeResult result)
    {
        lock (gate)
        {
            return results.TryGetValue((type, containerId), out result);
        }
    }

    public ProbeKill? GetProbeKill(V1Pod pod, V1Container container, string containerId)
    {
        ProbeType type;
        V1Probe? probe;
        if (TryGetResult(ProbeType.Liveness, containerId, out var liveness) && liveness == ProbeResult.Failure)
        {
            (type, probe) = (ProbeType.Liveness, container.LivenessProbe);
        }
        else if (TryGetResult(ProbeType.Startup, containerId, out var startup) && startup == ProbeResult.Failure)
        {
            (type, probe) = (ProbeType.Startup, container.StartupProbe);
        }
        else
        {
            return null;
        }

        var restart = pod.Spec?.RestartPolicy != "Never";
        var message = $"Container {container.Name} failed {(type == ProbeType.Liveness ? "liveness" : "startup")} probe";
        if (restart)
        {
            message += ", will be restarted";
        }

        long grace = pod.Metadata?.DeletionGracePeriodSeconds
            ?? (pod.Spec?.TerminationGracePeriodSeconds is { } podGrace ? probe?.TerminationGracePeriodSeconds ?? podGrace : MinimumGracePeriodSeconds);
        return new ProbeKill(type, message, grace, restart);
    }

    public async ValueTask DisposeAsync()
    {
        List<ProbeWorker> all;
        lock (gate)
        {
            all = [.. workers.Values];
        }

        foreach (var worker in all)
        {
            worker.Stop();
        }

        await Task.WhenAll(all.Select(w => w.Running ?? Task.CompletedTask)).ConfigureAwait(false);
        Prober.Dispose();
    }

    internal bool TryGetPod(string uid, [NotNullWhen(true)] out V1Pod? pod, [NotNullWhen(true)] out V1PodStatus? status)
    {
        lock (gate)
        {
            if (pods.TryGetValue(uid, out var entry) && entry.Status is not null)
            {
                (pod, status) = (entry.Pod, entry.Status);
                return true;
            }
        }

        (pod, status) = (null, null);
        return false;
    }

    internal void SetResult(ProbeWorkerKey key, string containerId, ProbeResult result)
    {
        lock (gate)
        {
            if (results.TryGetValue((key.Type, containerId), out var previous) && previous == result)
            {
                return;
            }

            results[(key.Type, containerId)] = result;
        }

        LogResultChanged(logger, key.Type, key.PodUid, key.ContainerName, result);
        onUpdate(new ProbeUpdate(key.PodUid, key.ContainerName, containerId, key.Type, result));
    }

    internal void RemoveResult(ProbeType type, string containerId)
    {
        lock (gate)
        {
            results.Remove((type, containerId));
        }
    }

    internal void RemoveWorker(ProbeWorker worker)
    {
        lock (gate)
        {
            if (workers.TryGetValue(worker.Key, out var current) && current == worker)
            {
                workers.Remove(worker.Key);
            }
        }
    }

    private static bool IsSidecar(V1Container container) => container.RestartPolicy == "Always";

    private static IEnumerable<V1Container> ProbedContainers(V1Pod pod) =>
        (pod.Spec?.InitContainers ?? []).Where(IsSidecar).Concat(pod.Spec?.Containers ?? []);

    private void AddWorker(List<ProbeWorker> started, string uid, V1Container container, ProbeType type, V1Probe? probe)
    {
        if (probe is null)
        {
            return;
        }

        var key = new ProbeWorkerKey(uid, container.Name, type);
        if (workers.ContainsKey(key))
        {
            return;
        }

        var worker = new ProbeWorker(this, key, container, probe);
        workers[key] = worker;
        started.Add(worker);
    }

    private void UpdateContainer(string uid, V1ContainerStatus container, List<ProbeWorker> triggers)
    {
        var started = IsStarted(uid, container);
        container.Started = started;
        if (!started)
        {
            container.Ready = false;
            return;
        }

        if (container.State?.Running is null)
        {
            container.Ready = false;
        }
        else if (results.TryGetValue((ProbeType.Readiness, container.ContainerID ?? string.Empty), out var ready) && ready == ProbeResult.Success)
        {
            container.Ready = true;
        }
        else if (workers.TryGetValue(new ProbeWorkerKey(uid, container.Name, ProbeType.Readiness), out var worker))
        {
            container.Ready = false;
            triggers.Add(worker);
        }
        else
        {
            // No readiness probe: ready as soon as it runs.
            container.Ready = true;
        }
    }

    private bool IsStarted(string uid, V1ContainerStatus container)
    {
        if (container.State?.Running is null)
        {
            return false;
        }

        if (results.TryGetValue((ProbeType.Startup, container.ContainerID ?? string.Empty), out var startup))
        {
            return startup == ProbeResult.Success;
        }

        return !workers.ContainsKey(new ProbeWorkerKey(uid, container.Name, ProbeType.Startup));
    }

    internal void LogWorkerFailed(ProbeType type, string podUid, string container, Exception exception) =>
        LogWorkerRoundFailed(logger, type, podUid, container, exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Type} probe worker of pod {PodUid} container {Container} failed a round")]
    private static partial void LogWorkerRoundFailed(ILogger logger, ProbeType type, string podUid, string container, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Type} probe result of pod {PodUid} container {Container} is now {Result}")]
    private static partial void LogResultChanged(ILogger logger, ProbeType type, string podUid, string container, ProbeResult result);
}
