using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Status;

/// <summary>
/// Writes the kubelet's view of each pod's status to the API server (upstream's status manager): a merge patch of pods/status
/// only when it differs from the stored one, never moving a terminal pod back, and the final delete (grace 0, uid
/// precondition) once a pod being deleted has fully terminated on the node.
/// </summary>
internal sealed class StatusManager(IKubernetes client, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan SyncPeriod = TimeSpan.FromSeconds(10);

    /// <summary>Condition types the kubelet owns; others (set by controllers or readiness gates) are kept as stored.</summary>
    private static readonly HashSet<string> KubeletConditions = ["PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready"];

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _pods = new(StringComparer.Ordinal);
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Records the pod's latest status; it is written in the background if it changed.</summary>
    public void SetPodStatus(V1Pod pod, V1PodStatus status)
    {
        lock (_lock)
        {
            if (!_pods.TryGetValue(pod.Metadata.Uid, out var entry))
            {
                entry = new Entry(pod.Metadata.NamespaceProperty, pod.Metadata.Name, pod.Metadata.Uid);
                _pods[pod.Metadata.Uid] = entry;
            }

            if (entry.Status is not null && StatusJson.Same(entry.Status, status) && !entry.Dirty)
            {
                return;
            }

            entry.Status = status;
            entry.Dirty = true;
        }

        Wake();
    }

    /// <summary>The pod has stopped on the node and its resources are released: it may now be deleted from the API.</summary>
    public void MarkTerminated(V1Pod pod)
    {
        lock (_lock)
        {
            if (!_pods.TryGetValue(pod.Metadata.Uid, out var entry))
            {
                entry = new Entry(pod.Metadata.NamespaceProperty, pod.Metadata.Name, pod.Metadata.Uid);
                _pods[pod.Metadata.Uid] = entry;
            }

            entry.Terminated = true;
            entry.Dirty = true;
        }

        Wake();
    }

    public V1PodStatus? GetPodStatus(string uid)
    {
        lock (_lock)
        {
            return _pods.TryGetValue(uid, out var entry) ? entry.Status : null;
        }
    }

    public void RemovePod(string uid)
    {
        lock (_lock)
        {
            _pods.Remove(uid);
        }
    }

    /// <summary>Writes changed statuses as they come, and every 10 s rechecks all pods.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var lastFull = time.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested)
        {
            Task wake;
            lock (_lock)
            {
                wake = _wake.Task;
            }

            using var delay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(wake, Task.Delay(SyncPeriod, time, delay.Token)).ConfigureAwait(false);
            await delay.CancelAsync().ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            lock (_lock)
            {
                if (_wake.Task.IsCompleted)
                {
                    _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }

            var all = time.GetUtcNow() - lastFull >= SyncPeriod;
            if (all)
            {
                lastFull = time.GetUtcNow();
            }

            await SyncAsync(all, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One pass: writes each dirty pod (or every pod when <paramref name="all"/>).</summary>
    public async Task SyncAsync(bool all, CancellationToken cancellationToken)
    {
        List<Entry> work;
        lock (_lock)
        {
            work = [.. _pods.Values.Where(e => all || e.Dirty)];
            foreach (var entry in work)
            {
                entry.Dirty = false;
            }
        }

        foreach (var entry in work)
        {
            try
            {
                await SyncPodAsync(entry, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException)
            {
                StatusManagerLog.SyncFailed(logger, e, entry.Namespace, entry.Name);
                lock (_lock)
                {
                    entry.Dirty = true;
                }
            }
        }
    }

    private async Task SyncPodAsync(Entry entry, CancellationToken cancellationToken)
    {
        V1Pod pod;
        try
        {
            pod = await client.CoreV1.ReadNamespacedPodAsync(entry.Name, entry.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            RemovePod(entry.Uid);
            return;
        }

        if (pod.Metadata.Uid != entry.Uid)
        {
            RemovePod(entry.Uid);
            return;
        }

        V1PodStatus? status;
        bool terminated;
        lock (_lock)
        {
            status = entry.Status;
            terminated = entry.Terminated;
        }

        if (status is not null)
        {
            var stored = pod.Status ?? new V1PodStatus();
            var merged = Merge(stored, status);
            if (!StatusJson.Same(stored, merged))
            {
                await client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(PatchBody(pod, stored, merged), V1Patch.PatchType.MergePatch),
                    entry.Name, entry.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
                StatusManagerLog.Patched(logger, entry.Namespace, entry.Name, merged.Phase);
            }
        }

        if (terminated && pod.Metadata.DeletionTimestamp is not null)
        {
            try
            {
                await client.CoreV1.DeleteNamespacedPodAsync(entry.Name, entry.Namespace,
                    new V1DeleteOptions { GracePeriodSeconds = 0, Preconditions = new V1Preconditions { Uid = entry.Uid } },
                    cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
            {
            }

            StatusManagerLog.Deleted(logger, entry.Namespace, entry.Name);
            RemovePod(entry.Uid);
        }
    }

    private void Wake()
    {
        lock (_lock)
        {
            _wake.TrySetResult();
        }
    }

    /// <summary>The stored status with the kubelet's fields replaced; a terminal phase is never undone.</summary>
    public static V1PodStatus Merge(V1PodStatus stored, V1PodStatus computed)
    {
        var merged = KubernetesJson.Deserialize<V1PodStatus>(KubernetesJson.Serialize(stored));
        merged.Phase = PodPhases.IsTerminal(stored.Phase) ? stored.Phase : computed.Phase;
        if (!PodPhases.IsTerminal(stored.Phase))
        {
            merged.Reason = computed.Reason;
            merged.Message = computed.Message;
        }

        merged.Conditions = [.. (stored.Conditions ?? []).Where(c => !KubeletConditions.Contains(c.Type) && (computed.Conditions ?? []).All(n => n.Type != c.Type)),
            .. (computed.Conditions ?? [])];
        merged.ContainerStatuses = computed.ContainerStatuses;
        merged.InitContainerStatuses = computed.InitContainerStatuses;
        merged.HostIP = computed.HostIP;
        merged.HostIPs = computed.HostIPs;
        merged.PodIP = computed.PodIP;
        merged.PodIPs = computed.PodIPs;
        merged.StartTime = stored.StartTime ?? computed.StartTime;
        merged.QosClass = stored.QosClass ?? computed.QosClass;
        return merged;
    }

    /// <summary>A merge patch setting the whole merged status (null for fields to drop), guarded by the pod's uid.</summary>
    private static string PatchBody(V1Pod pod, V1PodStatus stored, V1PodStatus merged)
    {
        var status = StatusJson.Of(merged);
        foreach (var (key, _) in StatusJson.Of(stored))
        {
            if (!status.ContainsKey(key))
            {
                status[key] = null;
            }
        }

        return new JsonObject
        {
            ["metadata"] = new JsonObject { ["uid"] = pod.Metadata.Uid },
            ["status"] = status,
        }.ToJsonString();
    }

    private sealed class Entry(string ns, string name, string uid)
    {
        public string Namespace { get; } = ns;

        public string Name { get; } = name;

        public string Uid { get; } = uid;

        public V1PodStatus? Status { get; set; }

        public bool Dirty { get; set; }

        public bool Terminated { get; set; }
    }
}
