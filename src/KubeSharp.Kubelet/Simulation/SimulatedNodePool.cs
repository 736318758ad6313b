using System.Net;
using System.Threading.Channels;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Client;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Simulation;

/// <summary>
/// Many fake nodes in one process, in the manner of kubernetes-sigs/kwok: registers Node objects, keeps their Leases
/// and status fresh, and plays the kubelet's part for pods bound to them (Running and Ready at once, Job pods
/// Succeeded after a while, deleted pods removed). No container ever runs; every address is status text only.
/// </summary>
/// <remarks>
/// All timing runs on one <see cref="DueQueue{T}"/> (one timer, not a task per node); due writes go through a bounded
/// channel to <see cref="SimulationOptions.MaxConcurrentWrites"/> workers, so a slow API server slows the pool
/// instead of piling requests up. Heartbeats are spread evenly over their interval.
/// </remarks>
internal sealed class SimulatedNodePool
{
    private const int MaxNodes = 192 * 256;
    private const string MergePatch = "application/merge-patch+json";
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly IKubernetes _client;

    /// <summary>For the frequent writes whose answers the pool never reads (leases, statuses): not decoded into typed objects.</summary>
    private readonly RestTransport _rest;
    private readonly SimulationOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, SimulatedNode> _nodesByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimulatedPod> _pods = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private SimulatedNode[] _nodes = [];
    private DueQueue<SimulationWork>? _queue;

    public SimulatedNodePool(IKubernetes client, SimulationOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.Count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Count, MaxNodes);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentWrites, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.HeartbeatInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.StatusUpdateInterval, TimeSpan.Zero);
        _client = client;
        _rest = RestTransport.From(client);
        _options = options;
        _time = time;
        _logger = logger;
        NodeNames = [.. Enumerable.Range(0, options.Count).Select(i => options.NamePrefix + i)];
    }

    /// <summary>The names of the nodes this pool registers, in order.</summary>
    public IReadOnlyList<string> NodeNames { get; }

    /// <summary>Registers the nodes, then heartbeats and serves their pods until cancelled. Cancelling leaves the
    /// nodes in place, silent (unless <see cref="SimulationOptions.DeleteNodesOnStop"/>); returns normally then.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        _nodes = [.. NodeNames.Select((name, i) => new SimulatedNode(name, i, now))];
        lock (_lock)
        {
            _nodesByName.Clear();
            _pods.Clear();
            foreach (var node in _nodes)
            {
                _nodesByName[node.Name] = node;
            }
        }

        using var queue = new DueQueue<SimulationWork>(_time);
        _queue = queue;
        try
        {
            await RegisterAllAsync(cancellationToken).ConfigureAwait(false);
            SimulationLog.NodesRegistered(_logger, _nodes.Length, _options.NamePrefix);
            SchedulePeriodic(_time.GetUtcNow());

            var channel = Channel.CreateBounded<SimulationWork>(new BoundedChannelOptions(_options.MaxConcurrentWrites * 4)
            {
                SingleWriter = true,
            });
            var tasks = new List<Task>
            {
                DispatchAsync(queue, channel.Writer, cancellationToken),
                new BoundPodWatcher(_client, _time, _logger).RunAsync(ReplacePods, ApplyPod, cancellationToken),
            };
            for (var i = 0; i < _options.MaxConcurrentWrites; i++)
            {
                tasks.Add(WorkAsync(channel.Reader, cancellationToken));
            }

            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            _queue = null;
        }

        SimulationLog.Stopped(_logger, _nodes.Length);
        if (_options.DeleteNodesOnStop)
        {
            await DeleteAllAsync().ConfigureAwait(false);
        }
    }

    private async Task RegisterAllAsync(CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentWrites, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(_nodes, parallel, async (node, ct) =>
        {
            try
            {
                await RegisterAsync(node, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransient(e) && !ct.IsCancellationRequested)
            {
                // The periodic status update registers it again when it finds the Node missing.
                SimulationLog.RegisterFailed(_logger, node.Name, e);
            }
        }).ConfigureAwait(false);
    }

    /// <summary>Creates the Node (or brings an existing one's labels up to date), reports its full status and
    /// creates its Lease.</summary>
    private async Task RegisterAsync(SimulatedNode node, CancellationToken cancellationToken)
    {
        V1Node registered;
        try
        {
            registered = await _client.CoreV1.CreateNodeAsync(NodeObjects.Node(node, _options), cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            registered = await _client.CoreV1.PatchNodeAsync(new V1Patch(NodeObjects.MetadataPatch(node, _options), V1Patch.PatchType.MergePatch),
                node.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        node.Uid = registered.Metadata.Uid;
        var now = _time.GetUtcNow();
        await _client.CoreV1.PatchNodeStatusAsync(new V1Patch(NodeObjects.FullStatusPatch(node, _options, now), V1Patch.PatchType.MergePatch),
            node.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
        await RenewLeaseAsync(node, now, cancellationToken).ConfigureAwait(false);
    }

    private void SchedulePeriodic(DateTimeOffset now)
    {
        var queue = _queue!;
        for (var i = 0; i < _nodes.Length; i++)
        {
            queue.Enqueue(new SimulationWork(SimulationWorkKind.RenewLease, _nodes[i]), now + Spread(_options.HeartbeatInterval, i));
            queue.Enqueue(new SimulationWork(SimulationWorkKind.UpdateNodeStatus, _nodes[i]), now + Spread(_options.StatusUpdateInterval, i));
        }
    }

    /// <summary>Node i's first heartbeat comes (i+1)/N of the way through the interval, so N nodes do not beat together.</summary>
    private TimeSpan Spread(TimeSpan interval, int index) => TimeSpan.FromTicks(interval.Ticks * (index + 1) / _nodes.Length);

    private async Task DispatchAsync(DueQueue<SimulationWork> queue, ChannelWriter<SimulationWork> writer, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var (work, due) = await queue.DequeueAsync(cancellationToken).ConfigureAwait(false);
                var interval = work.Kind switch
                {
                    SimulationWorkKind.RenewLease => _options.HeartbeatInterval,
                    SimulationWorkKind.UpdateNodeStatus => _options.StatusUpdateInterval,
                    _ => TimeSpan.Zero,
                };
                if (interval > TimeSpan.Zero)
                {
                    // Keep the node's phase within the interval; when the pool has fallen behind, catch up at once.
                    var next = due + interval;
                    var now = _time.GetUtcNow();
                    queue.Enqueue(work, next < now ? now : next);
                }

                await writer.WriteAsync(work, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            writer.TryComplete();
        }
    }

    private async Task WorkAsync(ChannelReader<SimulationWork> reader, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var work in reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var target = work.Pod is { } p ? $"pod {p.Namespace}/{p.Name}" : $"node {work.Node.Name}";
                try
                {
                    await ExecuteAsync(work, cancellationToken).ConfigureAwait(false);
                    SimulationLog.WriteDone(_logger, work.Kind, target);
                }
                catch (HttpOperationException e) when (work.Pod is not null && e.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
                {
                    // The pod is gone, or was replaced by another of the same name (the uid precondition failed).
                }
                catch (Exception e) when (IsTransient(e) && !cancellationToken.IsCancellationRequested)
                {
                    SimulationLog.WriteFailed(_logger, work.Kind, target, e);
                    if (work.Pod is not null && IsRetriable(e))
                    {
                        _queue?.Enqueue(work, _time.GetUtcNow() + RetryDelay);
                    }
                }
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: whatever was in flight no longer matters.
        }
    }

    private Task ExecuteAsync(SimulationWork work, CancellationToken cancellationToken) => work.Kind switch
    {
        SimulationWorkKind.RenewLease => RenewLeaseAsync(work.Node, _time.GetUtcNow(), cancellationToken),
        SimulationWorkKind.UpdateNodeStatus => UpdateNodeStatusAsync(work.Node, cancellationToken),
        SimulationWorkKind.StartPod => StartPodAsync(work.Pod!, cancellationToken),
        SimulationWorkKind.CompletePod => CompletePodAsync(work.Pod!, cancellationToken),
        SimulationWorkKind.DeletePod => DeletePodAsync(work.Pod!, cancellationToken),
        _ => Task.CompletedTask,
    };

    private async Task RenewLeaseAsync(SimulatedNode node, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await _rest.PatchAsync($"apis/coordination.k8s.io/v1/namespaces/{NodeObjects.LeaseNamespace}/leases/{Uri.EscapeDataString(node.Name)}",
                MergePatch, NodeObjects.LeaseRenewPatch(node, now), cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            try
            {
                await _client.CoordinationV1.CreateNamespacedLeaseAsync(NodeObjects.Lease(node, now), NodeObjects.LeaseNamespace,
                    cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException c) when (c.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // Created meanwhile by someone else; the next renewal takes it over.
            }
        }
    }

    private async Task UpdateNodeStatusAsync(SimulatedNode node, CancellationToken cancellationToken)
    {
        try
        {
            await _rest.PatchAsync($"api/v1/nodes/{Uri.EscapeDataString(node.Name)}/status", MergePatch, NodeObjects.ConditionsPatch(node, _time.GetUtcNow()),
                cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            await RegisterAsync(node, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task StartPodAsync(SimulatedPod pod, CancellationToken cancellationToken)
    {
        V1Pod snapshot;
        string podIp;
        DateTimeOffset startTime;
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (!IsCurrent(pod))
            {
                return;
            }

            snapshot = pod.Pod;
            podIp = pod.PodIp ??= snapshot.Spec.HostNetwork == true ? pod.Node.InternalIp : pod.Node.AllocatePodIp();
            startTime = pod.StartTime ??= now;
        }

        await _rest.PatchAsync(PodStatusPath(pod), MergePatch, PodStatuses.Running(snapshot, pod.Node, podIp, startTime, now), cancellationToken)
            .ConfigureAwait(false);
        if (pod.IsJobPod)
        {
            _queue?.Enqueue(new SimulationWork(SimulationWorkKind.CompletePod, pod.Node, pod), now + _options.JobPodDuration);
        }
    }

    private async Task CompletePodAsync(SimulatedPod pod, CancellationToken cancellationToken)
    {
        V1Pod snapshot;
        string podIp;
        DateTimeOffset startTime;
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (!IsCurrent(pod) || pod.PodIp is null)
            {
                return;
            }

            snapshot = pod.Pod;
            podIp = pod.PodIp;
            startTime = pod.StartTime ?? now;
        }

        await _rest.PatchAsync(PodStatusPath(pod), MergePatch, PodStatuses.Succeeded(snapshot, pod.Node, podIp, startTime, now), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Finishes a graceful deletion at once, as kwok does: there are no containers to stop.</summary>
    private async Task DeletePodAsync(SimulatedPod pod, CancellationToken cancellationToken)
    {
        var options = new V1DeleteOptions { GracePeriodSeconds = 0, Preconditions = new V1Preconditions { Uid = pod.Uid } };
        await _client.CoreV1.DeleteNamespacedPodAsync(pod.Name, pod.Namespace, options, gracePeriodSeconds: 0, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
    }

    private static string PodStatusPath(SimulatedPod pod) =>
        $"api/v1/namespaces/{Uri.EscapeDataString(pod.Namespace)}/pods/{Uri.EscapeDataString(pod.Name)}/status";

    /// <summary>The pod is still tracked under this entry and not being deleted. Caller holds the lock.</summary>
    private bool IsCurrent(SimulatedPod pod) => _pods.TryGetValue(pod.Uid, out var current) && ReferenceEquals(current, pod) && !pod.Deleting;

    private void ReplacePods(IReadOnlyList<V1Pod> pods)
    {
        lock (_lock)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var pod in pods)
            {
                if (pod.Metadata?.Uid is { } uid)
                {
                    seen.Add(uid);
                    ApplyLocked(WatchEventType.Added, pod);
                }
            }

            foreach (var uid in _pods.Keys.Where(uid => !seen.Contains(uid)).ToList())
            {
                ForgetLocked(uid);
            }
        }
    }

    private void ApplyPod(WatchEventType type, V1Pod pod)
    {
        lock (_lock)
        {
            ApplyLocked(type, pod);
        }
    }

    private void ApplyLocked(WatchEventType type, V1Pod pod)
    {
        var uid = pod.Metadata.Uid;
        if (uid is null)
        {
            return;
        }

        if (type == WatchEventType.Deleted || pod.Spec?.NodeName is not { } nodeName || !_nodesByName.TryGetValue(nodeName, out var node))
        {
            ForgetLocked(uid);
            return;
        }

        if (_pods.TryGetValue(uid, out var tracked))
        {
            tracked.Pod = pod;
        }
        else
        {
            tracked = new SimulatedPod(uid, node, pod);
            _pods[uid] = tracked;
        }

        var now = _time.GetUtcNow();
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            if (!tracked.Deleting)
            {
                tracked.Deleting = true;
                _queue?.Enqueue(new SimulationWork(SimulationWorkKind.DeletePod, node, tracked), now);
            }

            return;
        }

        if (tracked.Started)
        {
            return;
        }

        tracked.Started = true;
        var phase = pod.Status?.Phase;
        if (phase is "Succeeded" or "Failed")
        {
            return;
        }

        if (phase == "Running" && pod.Status?.PodIP is { } ip)
        {
            // Reported by an earlier run of the pool: take it over as it is.
            tracked.PodIp = ip;
            node.ReservePodIp(ip);
            tracked.StartTime = pod.Status.StartTime is { } st ? new DateTimeOffset(DateTime.SpecifyKind(st, DateTimeKind.Utc)) : now;
            if (tracked.IsJobPod)
            {
                var due = tracked.StartTime.Value + _options.JobPodDuration;
                _queue?.Enqueue(new SimulationWork(SimulationWorkKind.CompletePod, node, tracked), due < now ? now : due);
            }

            return;
        }

        _queue?.Enqueue(new SimulationWork(SimulationWorkKind.StartPod, node, tracked), now + _options.PodStartDelay);
    }

    private void ForgetLocked(string uid)
    {
        if (_pods.Remove(uid, out var pod) && pod.PodIp is { } ip)
        {
            pod.Node.ReleasePodIp(ip);
        }
    }

    private async Task DeleteAllAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentWrites, CancellationToken = timeout.Token };
        try
        {
            await Parallel.ForEachAsync(_nodes, parallel, async (node, ct) =>
            {
                try
                {
                    await IgnoreNotFoundAsync(_client.CoordinationV1.DeleteNamespacedLeaseAsync(node.Name, NodeObjects.LeaseNamespace, cancellationToken: ct))
                        .ConfigureAwait(false);
                    await IgnoreNotFoundAsync(_client.CoreV1.DeleteNodeAsync(node.Name, cancellationToken: ct)).ConfigureAwait(false);
                }
                catch (Exception e) when (IsTransient(e))
                {
                    SimulationLog.DeleteFailed(_logger, node.Name, e);
                }
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task IgnoreNotFoundAsync(Task request)
    {
        try
        {
            await request.ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    private static bool IsTransient(Exception e) =>
        e is HttpOperationException or HttpRequestException or IOException or KubernetesException or TaskCanceledException;

    /// <summary>Server-side trouble or throttling may pass; a rejected request will be rejected again.</summary>
    private static bool IsRetriable(Exception e) =>
        e is not HttpOperationException h || (int)h.Response.StatusCode >= 500 || h.Response.StatusCode == HttpStatusCode.TooManyRequests;
}
