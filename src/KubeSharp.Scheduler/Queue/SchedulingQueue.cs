using k8s.Models;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins.InterPodAffinity;
using KubeSharp.Scheduler.Plugins.NodePorts;
using KubeSharp.Scheduler.Plugins.NodeResourcesFit;
using KubeSharp.Scheduler.Plugins.PodTopologySpread;

namespace KubeSharp.Scheduler.Queue;

/// <summary>
/// Upstream's PriorityQueue: activeQ ordered by priority then queue time, backoffQ holding failed pods for a per-pod
/// exponential backoff, and unschedulable pods parked until a relevant cluster event or a timeout. Also the nominator
/// that remembers which node preemption reserved for which pod. Thread-safe.
/// </summary>
internal sealed class SchedulingQueue : INominator
{
    private static readonly IReadOnlyList<PodInfo> NoPods = [];

    private static readonly Dictionary<ClusterEvent, string[]?> EventPlugins = new()
    {
        [ClusterEvent.NodeAdd] = null,
        [ClusterEvent.NodeUpdate] = null,
        [ClusterEvent.UnschedulableTimeout] = null,
        [ClusterEvent.AssignedPodDelete] =
            [NodeResourcesFitPlugin.PluginName, NodePortsPlugin.PluginName, InterPodAffinityPlugin.PluginName, PodTopologySpreadPlugin.PluginName],
        [ClusterEvent.AssignedPodAdd] = [InterPodAffinityPlugin.PluginName, PodTopologySpreadPlugin.PluginName],
        [ClusterEvent.AssignedPodUpdate] = [InterPodAffinityPlugin.PluginName, PodTopologySpreadPlugin.PluginName],
    };

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _initialBackoff;
    private readonly TimeSpan _maxBackoff;
    private readonly TimeSpan _maxInUnschedulable;
    private readonly SortedSet<QueuedPodInfo> _active = new(Comparer<QueuedPodInfo>.Create(CompareActive));
    private readonly SortedSet<QueuedPodInfo> _backoff = new(Comparer<QueuedPodInfo>.Create(CompareBackoff));
    private readonly Dictionary<string, QueuedPodInfo> _activeByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QueuedPodInfo> _backoffByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QueuedPodInfo> _unschedulable = new(StringComparer.Ordinal);
    private readonly HashSet<string> _inFlight = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<PodInfo>> _nominatedByNode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _nominatedNodeByPod = new(StringComparer.Ordinal);
    private TaskCompletionSource _podAvailable = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _nominatedCount;
    private long _sequence;
    private long _schedulingCycle;
    private long _moveRequestCycle = -1;

    public SchedulingQueue(TimeProvider time, TimeSpan initialBackoff, TimeSpan maxBackoff, TimeSpan maxInUnschedulable)
    {
        _time = time;
        _initialBackoff = initialBackoff;
        _maxBackoff = maxBackoff;
        _maxInUnschedulable = maxInUnschedulable;
    }

    public long SchedulingCycle
    {
        get
        {
            lock (_lock)
            {
                return _schedulingCycle;
            }
        }
    }

    public (int Active, int Backoff, int Unschedulable) Counts
    {
        get
        {
            lock (_lock)
            {
                return (_active.Count, _backoff.Count, _unschedulable.Count);
            }
        }
    }

    /// <summary>A new pending pod goes straight to activeQ.</summary>
    public void Add(V1Pod pod)
    {
        var info = new PodInfo(pod);
        lock (_lock)
        {
            RemoveEverywhere(info.Key);
            var qp = new QueuedPodInfo(info, _time.GetUtcNow(), ++_sequence);
            AddActive(qp);
            UpdateNomination(info);
        }
    }

    /// <summary>
    /// An update to a pending pod: refreshed in place, and an unschedulable pod gets another chance since its spec
    /// may have changed what fits.
    /// </summary>
    public void Update(V1Pod pod)
    {
        var info = new PodInfo(pod);
        lock (_lock)
        {
            // Priority is part of the sort key, so the pod leaves its set while it changes.
            if (_activeByKey.TryGetValue(info.Key, out var qp))
            {
                _active.Remove(qp);
                qp.PodInfo = info;
                _active.Add(qp);
            }
            else if (_backoffByKey.TryGetValue(info.Key, out qp))
            {
                qp.PodInfo = info;
            }
            else if (_unschedulable.Remove(info.Key, out qp))
            {
                qp.PodInfo = info;
                qp.Timestamp = _time.GetUtcNow();
                if (IsBackingOff(qp))
                {
                    AddBackoff(qp);
                }
                else
                {
                    AddActive(qp);
                }
            }
            else if (!_inFlight.Contains(info.Key))
            {
                AddActive(new QueuedPodInfo(info, _time.GetUtcNow(), ++_sequence));
            }
            UpdateNomination(info);
        }
    }

    public void Delete(V1Pod pod)
    {
        var key = PodInfo.PodKey(pod);
        lock (_lock)
        {
            RemoveEverywhere(key);
            _inFlight.Remove(key);
            DeleteNominatedPodIfExists(key);
        }
    }

    /// <summary>Takes the head of activeQ, or null when it is empty.</summary>
    public QueuedPodInfo? TryPop()
    {
        lock (_lock)
        {
            if (_active.Count == 0)
            {
                return null;
            }
            var qp = _active.Min!;
            _active.Remove(qp);
            _activeByKey.Remove(qp.PodInfo.Key);
            qp.Attempts++;
            _schedulingCycle++;
            _inFlight.Add(qp.PodInfo.Key);
            return qp;
        }
    }

    /// <summary>Waits until activeQ has a pod and takes it.</summary>
    public async Task<QueuedPodInfo> PopAsync(CancellationToken ct)
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (_active.Count > 0)
                {
                    return TryPop()!;
                }
                if (_podAvailable.Task.IsCompleted)
                {
                    _podAvailable = new(TaskCreationOptions.RunContinuationsAsynchronously);
                }
                wait = _podAvailable.Task;
            }
            await wait.WaitAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>The scheduling attempt of a popped pod ended (bound or requeued).</summary>
    public void Done(string podKey)
    {
        lock (_lock)
        {
            _inFlight.Remove(podKey);
        }
    }

    /// <summary>
    /// Requeues a pod whose attempt failed. If a cluster event arrived during its attempt, or the failure was an
    /// error, it only backs off; otherwise it waits among the unschedulable pods for a relevant event.
    /// </summary>
    public void AddUnschedulableIfNotPresent(QueuedPodInfo qp, long podSchedulingCycle, bool isError = false)
    {
        lock (_lock)
        {
            var key = qp.PodInfo.Key;
            if (!_inFlight.Remove(key) || _activeByKey.ContainsKey(key) || _backoffByKey.ContainsKey(key) || _unschedulable.ContainsKey(key))
            {
                return;
            }
            var now = _time.GetUtcNow();
            qp.Timestamp = now;
            qp.BackoffExpiry = now + BackoffDuration(qp.Attempts);
            qp.Sequence = ++_sequence;
            if (isError || _moveRequestCycle >= podSchedulingCycle)
            {
                AddBackoff(qp);
            }
            else
            {
                _unschedulable[key] = qp;
            }
        }
    }

    /// <summary>Moves the unschedulable pods the event may help to backoffQ, or activeQ when their backoff is over.</summary>
    public void MoveAllToActiveOrBackoffQueue(ClusterEvent ev)
    {
        lock (_lock)
        {
            var plugins = EventPlugins[ev];
            List<QueuedPodInfo>? moving = null;
            foreach (var qp in _unschedulable.Values)
            {
                if (plugins is null || qp.UnschedulablePlugins.Count == 0 || plugins.Any(qp.UnschedulablePlugins.Contains))
                {
                    (moving ??= []).Add(qp);
                }
            }
            if (moving is not null)
            {
                foreach (var qp in moving)
                {
                    _unschedulable.Remove(qp.PodInfo.Key);
                    if (IsBackingOff(qp))
                    {
                        AddBackoff(qp);
                    }
                    else
                    {
                        AddActive(qp);
                    }
                }
            }
            _moveRequestCycle = _schedulingCycle;
        }
    }

    /// <summary>Moves pods whose backoff has expired to activeQ (upstream runs this every second).</summary>
    public void FlushBackoffQCompleted()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            while (_backoff.Count > 0 && _backoff.Min!.BackoffExpiry <= now)
            {
                var qp = _backoff.Min!;
                _backoff.Remove(qp);
                _backoffByKey.Remove(qp.PodInfo.Key);
                AddActive(qp);
            }
        }
    }

    /// <summary>Gives pods stuck unschedulable for longer than the maximum another try (upstream runs this every 30 s).</summary>
    public void FlushUnschedulablePodsLeftover()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var stale = _unschedulable.Values.Where(qp => now - qp.Timestamp > _maxInUnschedulable).ToList();
            foreach (var qp in stale)
            {
                _unschedulable.Remove(qp.PodInfo.Key);
                if (IsBackingOff(qp))
                {
                    AddBackoff(qp);
                }
                else
                {
                    AddActive(qp);
                }
            }
        }
    }

    public bool IsInActiveQ(string key)
    {
        lock (_lock)
        {
            return _activeByKey.ContainsKey(key);
        }
    }

    public bool IsInBackoffQ(string key)
    {
        lock (_lock)
        {
            return _backoffByKey.ContainsKey(key);
        }
    }

    public bool IsUnschedulable(string key)
    {
        lock (_lock)
        {
            return _unschedulable.ContainsKey(key);
        }
    }

    public IReadOnlyList<PodInfo> NominatedPodsForNode(string nodeName)
    {
        // Called for every node in every cycle; nominations are rare, so skip the lock when there are none.
        if (Volatile.Read(ref _nominatedCount) == 0)
        {
            return NoPods;
        }
        lock (_lock)
        {
            return _nominatedByNode.Count == 0 || !_nominatedByNode.TryGetValue(nodeName, out var pods) ? NoPods : [.. pods];
        }
    }

    /// <summary>Records that preemption reserved <paramref name="nodeName"/> for the pod; an empty name clears it.</summary>
    public void AddNominatedPod(PodInfo pod, string nodeName)
    {
        lock (_lock)
        {
            DeleteNominatedPodIfExists(pod.Key);
            if (string.IsNullOrEmpty(nodeName))
            {
                return;
            }
            _nominatedNodeByPod[pod.Key] = nodeName;
            Volatile.Write(ref _nominatedCount, _nominatedNodeByPod.Count);
            if (!_nominatedByNode.TryGetValue(nodeName, out var list))
            {
                _nominatedByNode[nodeName] = list = [];
            }
            list.Add(pod);
        }
    }

    public void DeleteNominatedPod(string podKey)
    {
        lock (_lock)
        {
            DeleteNominatedPodIfExists(podKey);
        }
    }

    internal TimeSpan BackoffDuration(int attempts)
    {
        var duration = _initialBackoff;
        for (var i = 1; i < attempts; i++)
        {
            duration += duration;
            if (duration >= _maxBackoff)
            {
                return _maxBackoff;
            }
        }
        return duration;
    }

    private static int CompareActive(QueuedPodInfo? a, QueuedPodInfo? b)
    {
        var c = b!.PodInfo.Priority.CompareTo(a!.PodInfo.Priority);
        if (c != 0)
        {
            return c;
        }
        c = a.Timestamp.CompareTo(b.Timestamp);
        return c != 0 ? c : a.Sequence.CompareTo(b.Sequence);
    }

    private static int CompareBackoff(QueuedPodInfo? a, QueuedPodInfo? b)
    {
        var c = a!.BackoffExpiry.CompareTo(b!.BackoffExpiry);
        return c != 0 ? c : a.Sequence.CompareTo(b.Sequence);
    }

    private bool IsBackingOff(QueuedPodInfo qp) => qp.Attempts > 0 && qp.BackoffExpiry > _time.GetUtcNow();

    private void AddActive(QueuedPodInfo qp)
    {
        _active.Add(qp);
        _activeByKey[qp.PodInfo.Key] = qp;
        _podAvailable.TrySetResult();
    }

    private void AddBackoff(QueuedPodInfo qp)
    {
        _backoff.Add(qp);
        _backoffByKey[qp.PodInfo.Key] = qp;
    }

    private void RemoveEverywhere(string key)
    {
        if (_activeByKey.Remove(key, out var qp))
        {
            _active.Remove(qp);
        }
        if (_backoffByKey.Remove(key, out qp))
        {
            _backoff.Remove(qp);
        }
        _unschedulable.Remove(key);
    }

    /// <summary>A pod's status.nominatedNodeName, as written back by the caller, keeps its reservation.</summary>
    private void UpdateNomination(PodInfo info)
    {
        var nominated = info.Pod.Status?.NominatedNodeName;
        if (string.IsNullOrEmpty(nominated))
        {
            return;
        }
        DeleteNominatedPodIfExists(info.Key);
        _nominatedNodeByPod[info.Key] = nominated;
        Volatile.Write(ref _nominatedCount, _nominatedNodeByPod.Count);
        if (!_nominatedByNode.TryGetValue(nominated, out var list))
        {
            _nominatedByNode[nominated] = list = [];
        }
        list.Add(info);
    }

    private void DeleteNominatedPodIfExists(string key)
    {
        if (_nominatedNodeByPod.Remove(key, out var node) && _nominatedByNode.TryGetValue(node, out var list))
        {
            Volatile.Write(ref _nominatedCount, _nominatedNodeByPod.Count);
            list.RemoveAll(p => p.Key == key);
            if (list.Count == 0)
            {
                _nominatedByNode.Remove(node);
            }
        }
    }
}
