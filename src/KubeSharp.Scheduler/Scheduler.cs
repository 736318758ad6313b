using System.Collections.Concurrent;
using k8s.Models;
using KubeSharp.Scheduler.Cache;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Queue;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Scheduler;

/// <summary>
/// The kube-scheduler as a library. Feed it informer events (<c>On…</c>); it schedules one pod at a time (filter,
/// score, assume) and binds asynchronously through <see cref="IPodBinder"/>, which is its only I/O.
/// </summary>
public sealed partial class Scheduler : IDisposable
{
    private const int MinFeasibleNodesToFind = 100;
    private const int MinFeasibleNodesPercentageToFind = 5;

    private readonly SchedulerOptions _options;
    private readonly IPodBinder _binder;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SchedulerCache _cache = new();
    private readonly SchedulingQueue _queue;
    private readonly Profile _profile;
    private readonly Snapshot _snapshot = new();
    private readonly Random _random;
    private readonly ConcurrentDictionary<Task, bool> _bindings = new();
    private ITimer? _backoffTimer;
    private ITimer? _leftoverTimer;
    private int _nextStartNodeIndex;

    public Scheduler(SchedulerOptions options, IPodBinder binder, TimeProvider time, ILogger logger)
    {
        _options = options;
        _binder = binder;
        _time = time;
        _logger = logger;
        _random = options.RandomSeed is { } seed ? new Random(seed) : Random.Shared;
        _queue = new SchedulingQueue(time, options.PodInitialBackoff, options.PodMaxBackoff, options.PodMaxInUnschedulablePodsDuration);
        _profile = DefaultProfile.Create(options.SchedulerName, _queue, _random);
        _profile.Snapshot = _snapshot;
    }

    /// <summary>Pods waiting in the active, backoff and unschedulable queues.</summary>
    public (int Active, int Backoff, int Unschedulable) QueueCounts => _queue.Counts;

    internal SchedulingQueue Queue => _queue;

    internal SchedulerCache Cache => _cache;

    public void OnNodeAdded(V1Node node)
    {
        _cache.AddNode(node);
        _queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.NodeAdd);
    }

    public void OnNodeUpdated(V1Node node)
    {
        _cache.UpdateNode(node);
        _queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.NodeUpdate);
    }

    public void OnNodeDeleted(V1Node node) => _cache.RemoveNode(node);

    /// <summary>Bound pods go to the cache; pending pods for this scheduler go to the queue.</summary>
    public void OnPodAdded(V1Pod pod) => OnPod(pod, added: true);

    public void OnPodUpdated(V1Pod pod) => OnPod(pod, added: false);

    public void OnPodDeleted(V1Pod pod)
    {
        if (!string.IsNullOrEmpty(pod.Spec?.NodeName))
        {
            _cache.RemovePod(pod);
            _queue.DeleteNominatedPod(PodInfo.PodKey(pod));
            _queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.AssignedPodDelete);
        }
        else
        {
            _queue.Delete(pod);
        }
    }

    /// <summary>Schedules pods until cancelled, running upstream's periodic queue flushes on the time provider.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        _backoffTimer = _time.CreateTimer(_ => _queue.FlushBackoffQCompleted(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        _leftoverTimer = _time.CreateTimer(_ => _queue.FlushUnschedulablePodsLeftover(), null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var qp = await _queue.PopAsync(ct).ConfigureAwait(false);
                try
                {
                    await ScheduleQueuedPodAsync(qp, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogCycleFailed(_logger, ex, qp.PodInfo.Pod.Namespace(), qp.PodInfo.Pod.Name());
                    _queue.AddUnschedulableIfNotPresent(qp, _queue.SchedulingCycle, isError: true);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            DisposeTimers();
        }
    }

    /// <summary>Schedules the head of the active queue, if any; binding continues in the background.</summary>
    public async Task<ScheduleResult?> ScheduleOneAsync(CancellationToken ct)
    {
        var qp = _queue.TryPop();
        return qp is null ? null : await ScheduleQueuedPodAsync(qp, ct).ConfigureAwait(false);
    }

    /// <summary>Waits for the bindings started so far.</summary>
    public Task WaitForBindingsAsync(CancellationToken ct) => Task.WhenAll(_bindings.Keys).WaitAsync(ct);

    /// <summary>Moves pods whose backoff expired to the active queue, as the 1 s flush in <see cref="RunAsync"/> does.</summary>
    public void FlushBackoff() => _queue.FlushBackoffQCompleted();

    public void Dispose() => DisposeTimers();

    private void OnPod(V1Pod pod, bool added)
    {
        if (!string.IsNullOrEmpty(pod.Spec?.NodeName))
        {
            _queue.Delete(pod);
            if (pod.Status?.Phase is "Succeeded" or "Failed")
            {
                _cache.RemovePod(pod);
                _queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.AssignedPodDelete);
                return;
            }
            _cache.UpdatePod(pod);
            _queue.DeleteNominatedPod(PodInfo.PodKey(pod));
            _queue.MoveAllToActiveOrBackoffQueue(added ? ClusterEvent.AssignedPodAdd : ClusterEvent.AssignedPodUpdate);
            return;
        }
        if (pod.Spec?.SchedulerName is { } name && name != _options.SchedulerName)
        {
            return;
        }
        if (pod.Status?.Phase is "Succeeded" or "Failed" || _cache.IsAssumed(PodInfo.PodKey(pod)))
        {
            return;
        }
        if (added)
        {
            _queue.Add(pod);
        }
        else
        {
            _queue.Update(pod);
        }
    }

    private async Task<ScheduleResult> ScheduleQueuedPodAsync(QueuedPodInfo qp, CancellationToken ct)
    {
        var podInfo = qp.PodInfo;
        var pod = podInfo.Pod;
        var cycle = _queue.SchedulingCycle;
        if (pod.Metadata?.DeletionTimestamp is not null || _cache.IsAssumedOrBound(podInfo.Key))
        {
            _queue.Done(podInfo.Key);
            return new ScheduleResult { Pod = pod, FailureMessage = "skipped" };
        }

        _cache.UpdateSnapshot(_snapshot);
        var state = new CycleState();
        var attempt = SchedulePod(state, podInfo);
        if (attempt.NodeName is not null)
        {
            // The cache records the node itself, so the informer's pod object is never mutated.
            _cache.AssumePod(podInfo, attempt.NodeName);
            _queue.DeleteNominatedPod(podInfo.Key);
            StartBinding(qp, attempt.NodeName, ct);
            return new ScheduleResult
            {
                Pod = pod,
                NodeName = attempt.NodeName,
                EvaluatedNodes = attempt.Evaluated,
                FeasibleNodes = attempt.Feasible,
            };
        }

        string message;
        string? nominated = null;
        IReadOnlyList<V1Pod> victims = [];
        var isError = attempt.Error is not null;
        if (attempt.Diagnosis is { } diagnosis)
        {
            if (_profile.HasPostFilterPlugins)
            {
                var (result, status) = _profile.RunPostFilterPlugins(state, podInfo, diagnosis.NodeToStatus);
                if (status is not null && status.Code == StatusCode.Error)
                {
                    LogPostFilterError(_logger, pod.Namespace(), pod.Name(), status.Message);
                }
                else if (status is not null)
                {
                    diagnosis.PostFilterMsg = status.Message;
                }
                if (result is not null)
                {
                    nominated = result.NominatedNodeName;
                    victims = result.Victims;
                }
            }
            message = FitError.Message(attempt.NumAllNodes, diagnosis);
            qp.UnschedulablePlugins.Clear();
            qp.UnschedulablePlugins.UnionWith(diagnosis.UnschedulablePlugins);
        }
        else
        {
            message = attempt.Error!;
        }

        foreach (var victim in victims)
        {
            await _binder.DeletePodAsync(victim, ct).ConfigureAwait(false);
        }
        if (nominated is not null)
        {
            _queue.AddNominatedPod(podInfo, nominated);
        }
        _queue.AddUnschedulableIfNotPresent(qp, cycle, isError);
        LogUnschedulable(_logger, pod.Namespace(), pod.Name(), message);
        await _binder.RecordFailureAsync(pod, message, nominated, ct).ConfigureAwait(false);
        return new ScheduleResult
        {
            Pod = pod,
            FailureMessage = message,
            NominatedNodeName = nominated,
            Victims = victims,
            EvaluatedNodes = attempt.Evaluated,
            FeasibleNodes = attempt.Feasible,
        };
    }

    private Attempt SchedulePod(CycleState state, PodInfo pod)
    {
        var nodes = _snapshot.NodeInfoList;
        if (nodes.Count == 0)
        {
            return new Attempt { Error = "no nodes available to schedule pods" };
        }
        var diagnosis = new Diagnosis();
        var preFilter = _profile.RunPreFilterPlugins(state, pod, nodes);
        if (preFilter is not null)
        {
            if (!preFilter.IsRejected)
            {
                return new Attempt { Error = preFilter.Message, NumAllNodes = nodes.Count };
            }
            diagnosis.PreFilterMsg = preFilter.Message;
            diagnosis.NodeToStatus.AbsentNodesStatus = preFilter;
            diagnosis.UnschedulablePlugins.Add(preFilter.Plugin ?? string.Empty);
            return new Attempt { Diagnosis = diagnosis, NumAllNodes = nodes.Count };
        }

        var feasible = new List<NodeInfo>();
        var evaluated = 0;
        var nominatedName = pod.Pod.Status?.NominatedNodeName;
        if (!string.IsNullOrEmpty(nominatedName) && _snapshot.Get(nominatedName) is { } nominatedNode
            && _profile.RunFilterPluginsWithNominatedPods(state, pod, nominatedNode) is null)
        {
            feasible.Add(nominatedNode);
            evaluated = 1;
        }
        else
        {
            var toFind = NumFeasibleNodesToFind(nodes.Count);
            var start = _nextStartNodeIndex % nodes.Count;
            for (var i = 0; i < nodes.Count && feasible.Count < toFind; i++)
            {
                var node = nodes[(start + i) % nodes.Count];
                evaluated++;
                var status = _profile.RunFilterPluginsWithNominatedPods(state, pod, node);
                if (status is null)
                {
                    feasible.Add(node);
                }
                else if (status.IsRejected)
                {
                    diagnosis.NodeToStatus.Set(node.Name, status);
                    diagnosis.UnschedulablePlugins.Add(status.Plugin ?? string.Empty);
                }
                else
                {
                    return new Attempt { Error = status.Message, NumAllNodes = nodes.Count, Evaluated = evaluated };
                }
            }
            _nextStartNodeIndex = (start + evaluated) % nodes.Count;
        }

        if (feasible.Count == 0)
        {
            return new Attempt { Diagnosis = diagnosis, NumAllNodes = nodes.Count, Evaluated = evaluated };
        }
        if (feasible.Count == 1)
        {
            return new Attempt { NodeName = feasible[0].Name, Evaluated = evaluated, Feasible = 1, NumAllNodes = nodes.Count };
        }
        var preScore = _profile.RunPreScorePlugins(state, pod, feasible);
        if (preScore is not null)
        {
            return new Attempt { Error = preScore.Message, NumAllNodes = nodes.Count, Evaluated = evaluated };
        }
        var scores = _profile.RunScorePlugins(state, pod, feasible);
        return new Attempt { NodeName = SelectHost(feasible, scores), Evaluated = evaluated, Feasible = feasible.Count, NumAllNodes = nodes.Count };
    }

    /// <summary>The highest score wins; ties are broken uniformly at random (reservoir sampling), as upstream.</summary>
    private string SelectHost(List<NodeInfo> nodes, long[] scores)
    {
        var best = 0;
        var ties = 1;
        for (var i = 1; i < scores.Length; i++)
        {
            if (scores[i] > scores[best])
            {
                best = i;
                ties = 1;
            }
            else if (scores[i] == scores[best])
            {
                ties++;
                if (_random.Next(ties) == 0)
                {
                    best = i;
                }
            }
        }
        return nodes[best].Name;
    }

    /// <summary>Upstream's numFeasibleNodesToFind with the adaptive percentage.</summary>
    internal int NumFeasibleNodesToFind(int numAllNodes)
    {
        if (numAllNodes < MinFeasibleNodesToFind)
        {
            return numAllNodes;
        }
        var percentage = _options.PercentageOfNodesToScore ?? 0;
        if (percentage >= 100)
        {
            return numAllNodes;
        }
        if (percentage <= 0)
        {
            percentage = Math.Max(50 - (numAllNodes / 125), MinFeasibleNodesPercentageToFind);
        }
        return Math.Max(numAllNodes * percentage / 100, MinFeasibleNodesToFind);
    }

    private void StartBinding(QueuedPodInfo qp, string nodeName, CancellationToken ct)
    {
        var task = BindAsync(qp, nodeName, ct);
        if (!task.IsCompleted)
        {
            _bindings[task] = true;
            _ = task.ContinueWith(t => _bindings.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task BindAsync(QueuedPodInfo qp, string nodeName, CancellationToken ct)
    {
        var pod = qp.PodInfo.Pod;
        try
        {
            await _binder.BindAsync(pod, nodeName, ct).ConfigureAwait(false);
            _queue.Done(qp.PodInfo.Key);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            _cache.ForgetPod(qp.PodInfo);
            _queue.AddUnschedulableIfNotPresent(qp, _queue.SchedulingCycle, isError: true);
            _queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.AssignedPodDelete);
            var message = $"binding rejected: {ex.Message}";
            LogBindFailed(_logger, pod.Namespace(), pod.Name(), nodeName, ex.Message);
            try
            {
                await _binder.RecordFailureAsync(pod, message, null, ct).ConfigureAwait(false);
            }
            catch (Exception recordEx) when (recordEx is not OperationCanceledException)
            {
                LogBindFailed(_logger, pod.Namespace(), pod.Name(), nodeName, recordEx.Message);
            }
        }
    }

    private void DisposeTimers()
    {
        _backoffTimer?.Dispose();
        _leftoverTimer?.Dispose();
        _backoffTimer = null;
        _leftoverTimer = null;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Unable to schedule pod {Namespace}/{Name}: {Message}")]
    private static partial void LogUnschedulable(ILogger logger, string? @namespace, string? name, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Binding pod {Namespace}/{Name} to {Node} failed: {Message}")]
    private static partial void LogBindFailed(ILogger logger, string? @namespace, string? name, string node, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostFilter failed for pod {Namespace}/{Name}: {Message}")]
    private static partial void LogPostFilterError(ILogger logger, string? @namespace, string? name, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduling cycle for pod {Namespace}/{Name} failed")]
    private static partial void LogCycleFailed(ILogger logger, Exception ex, string? @namespace, string? name);
}
