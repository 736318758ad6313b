using k8s.Models;
using KubeSharp.Kubelet.Kuberuntime;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.PodWorkers;

/// <summary>
/// One worker per pod UID (upstream's podWorkers): a pod is never synced twice at once, updates arriving during a sync are
/// coalesced into the next one, and each pod moves syncing → terminating → terminated. A worker resyncs its pod
/// periodically (sooner after an error) and goes away once its pod is gone from the API server and fully terminated.
/// </summary>
internal sealed class PodWorkerPool(IPodSyncer syncer, TimeProvider time, ILogger logger, PodWorkersOptions? options = null) : IAsyncDisposable
{
    private readonly PodWorkersOptions _options = options ?? new PodWorkersOptions();
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Worker> _workers = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Hands the pod's latest version to its worker (starting one for a new pod).</summary>
    public void UpdatePod(V1Pod pod, PodUpdateType type)
    {
        var uid = pod.Metadata.Uid;
        lock (_lock)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            if (!_workers.TryGetValue(uid, out var worker))
            {
                if (type == PodUpdateType.Kill)
                {
                    return;
                }

                worker = new Worker(pod);
                _workers[uid] = worker;
                worker.Loop = Task.Run(() => RunAsync(worker));
            }

            worker.Pod = pod;
            if (type == PodUpdateType.Kill)
            {
                worker.Removed = true;
            }

            worker.Request();
        }
    }

    /// <summary>The state of the pod's worker, or null when there is none.</summary>
    public PodWorkerState? StateOf(string uid)
    {
        lock (_lock)
        {
            return _workers.TryGetValue(uid, out var worker) ? worker.State : null;
        }
    }

    /// <summary>The UIDs of every pod that has a worker.</summary>
    public IReadOnlyList<string> KnownPods()
    {
        lock (_lock)
        {
            return [.. _workers.Keys];
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task[] loops;
        lock (_lock)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            _stopping.Cancel();
            loops = [.. _workers.Values.Select(w => w.Loop)];
            foreach (var worker in _workers.Values)
            {
                worker.Request();
            }
        }

        await Task.WhenAll(loops).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private static bool IsTerminal(V1Pod pod) => Status.PodPhases.IsTerminal(pod.Status?.Phase);

    private async Task RunAsync(Worker worker)
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await worker.Signal.WaitAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            V1Pod pod;
            PodWorkerState state;
            bool removed;
            lock (_lock)
            {
                pod = worker.Pod;
                state = worker.State;
                removed = worker.Removed;
            }

            try
            {
                if (await StepAsync(worker, pod, state, removed, token).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                PodWorkersLog.SyncFailed(logger, PodSpecs.Format(pod), state, e.Message);
                PodWorkersLog.SyncError(logger, e, PodSpecs.Format(pod));
                worker.ScheduleResync(time, _options.BackOffPeriod);
            }
        }
    }

    /// <summary>One step of the pod's lifecycle; true when the worker is finished and forgotten.</summary>
    private async Task<bool> StepAsync(Worker worker, V1Pod pod, PodWorkerState state, bool removed, CancellationToken token)
    {
        switch (state)
        {
            case PodWorkerState.Syncing:
                var stop = removed || pod.Metadata.DeletionTimestamp is not null || IsTerminal(pod)
                    || await syncer.SyncPodAsync(pod, token).ConfigureAwait(false);
                if (stop)
                {
                    Move(worker, PodWorkerState.Terminating, pod);
                    worker.Request();
                }
                else
                {
                    worker.ScheduleResync(time, _options.ResyncInterval);
                }

                return false;
            case PodWorkerState.Terminating:
                var grace = pod.Metadata.DeletionTimestamp is not null ? pod.Metadata.DeletionGracePeriodSeconds : null;
                await syncer.SyncTerminatingPodAsync(pod, grace, token).ConfigureAwait(false);
                Move(worker, PodWorkerState.Terminated, pod);
                worker.Request();
                return false;
            default:
                await syncer.SyncTerminatedPodAsync(pod, token).ConfigureAwait(false);
                lock (_lock)
                {
                    if (worker.Removed && !worker.Pending)
                    {
                        _workers.Remove(pod.Metadata.Uid);
                        worker.Dispose();
                        return true;
                    }
                }

                return false;
        }
    }

    private void Move(Worker worker, PodWorkerState state, V1Pod pod)
    {
        lock (_lock)
        {
            worker.State = state;
        }

        PodWorkersLog.StateChanged(logger, PodSpecs.Format(pod), state);
    }

    private sealed class Worker(V1Pod pod) : IDisposable
    {
        private readonly Lock _timerLock = new();
        private ITimer? _resync;

        public V1Pod Pod { get; set; } = pod;

        public PodWorkerState State { get; set; } = PodWorkerState.Syncing;

        /// <summary>The pod is gone from the API server.</summary>
        public bool Removed { get; set; }

        public Task Loop { get; set; } = Task.CompletedTask;

        /// <summary>Holds at most one wake-up: updates that arrive during a sync fold into the next one.</summary>
        public SemaphoreSlim Signal { get; } = new(0, 1);

        public bool Pending => Signal.CurrentCount > 0;

        public void Request()
        {
            lock (_timerLock)
            {
                if (Signal.CurrentCount == 0)
                {
                    Signal.Release();
                }
            }
        }

        public void ScheduleResync(TimeProvider time, TimeSpan delay)
        {
            lock (_timerLock)
            {
                _resync?.Dispose();
                _resync = time.CreateTimer(_ => Request(), null, delay, Timeout.InfiniteTimeSpan);
            }
        }

        public void Dispose()
        {
            lock (_timerLock)
            {
                _resync?.Dispose();
            }
        }
    }
}
