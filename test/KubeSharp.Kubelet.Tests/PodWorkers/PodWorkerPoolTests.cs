using k8s.Models;
using KubeSharp.Kubelet.PodWorkers;
using KubeSharp.Kubelet.Tests.Kuberuntime;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Kubelet.Tests.PodWorkers;

public sealed class PodWorkerPoolTests
{
    [Fact]
    public async Task UpdatePod_ManyUpdatesDuringSync_NeverConcurrentAndCoalesced()
    {
        var syncer = new GatedSyncer();
        await using var pool = new PodWorkerPool(syncer, new FakeTimeProvider(), NullLogger.Instance);
        var pod = TestPods.Pod("p");

        pool.UpdatePod(pod, PodUpdateType.Create);
        await syncer.Entered.WaitAsync(TimeSpan.FromSeconds(10));
        for (var i = 0; i < 10; i++)
        {
            pool.UpdatePod(pod, PodUpdateType.Update);
        }

        syncer.Release.Release(2);
        await syncer.Entered.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, syncer.Syncs);
        Assert.Equal(1, syncer.MaxConcurrent);
    }

    [Fact]
    public async Task UpdatePod_Kill_TerminatesThenForgets()
    {
        var syncer = new GatedSyncer();
        syncer.Release.Release(100);
        await using var pool = new PodWorkerPool(syncer, new FakeTimeProvider(), NullLogger.Instance);
        var pod = TestPods.Pod("p");
        pool.UpdatePod(pod, PodUpdateType.Create);
        await syncer.Entered.WaitAsync(TimeSpan.FromSeconds(10));

        pool.UpdatePod(pod, PodUpdateType.Kill);
        await syncer.Terminated.Task.WaitAsync(TimeSpan.FromSeconds(10));
        while (pool.StateOf("uid-p") is not null)
        {
            await Task.Yield();
        }

        Assert.Equal(["sync", "terminating", "terminated"], syncer.Log.Distinct());
    }

    [Fact]
    public async Task SyncPod_Terminal_MovesToTerminatedAndStaysKnown()
    {
        var syncer = new GatedSyncer { Terminal = true };
        syncer.Release.Release(100);
        await using var pool = new PodWorkerPool(syncer, new FakeTimeProvider(), NullLogger.Instance);

        pool.UpdatePod(TestPods.Pod("job", "Never"), PodUpdateType.Create);
        await syncer.Terminated.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PodWorkerState.Terminated, pool.StateOf("uid-job"));
    }

    [Fact]
    public async Task SyncPod_Error_RetriedAfterBackOffPeriod()
    {
        var time = new FakeTimeProvider();
        var syncer = new GatedSyncer { Fail = true };
        syncer.Release.Release(100);
        await using var pool = new PodWorkerPool(syncer, time, NullLogger.Instance);

        pool.UpdatePod(TestPods.Pod("p"), PodUpdateType.Create);
        await syncer.Entered.WaitAsync(TimeSpan.FromSeconds(10));
        // The retry timer is armed just after the failure; keep time moving until it fires.
        for (var i = 0; i < 500 && syncer.Syncs < 2; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }

        Assert.Equal(2, syncer.Syncs);
    }

    private sealed class GatedSyncer : IPodSyncer
    {
        private int _running;

        public SemaphoreSlim Entered { get; } = new(0);

        public SemaphoreSlim Release { get; } = new(0);

        public TaskCompletionSource Terminated { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<string> Log { get; } = [];

        public int Syncs;

        public int Failures;

        public int MaxConcurrent;

        public bool Terminal { get; init; }

        public bool Fail { get; init; }

        public async Task<bool> SyncPodAsync(V1Pod pod, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _running);
            MaxConcurrent = Math.Max(MaxConcurrent, now);
            Interlocked.Increment(ref Syncs);
            lock (Log)
            {
                Log.Add("sync");
            }

            Entered.Release();
            await Release.WaitAsync(cancellationToken);
            Interlocked.Decrement(ref _running);
            if (Fail)
            {
                Interlocked.Increment(ref Failures);
                throw new PodSyncException("boom");
            }

            return Terminal;
        }

        public Task SyncTerminatingPodAsync(V1Pod pod, long? gracePeriodSeconds, CancellationToken cancellationToken)
        {
            lock (Log)
            {
                Log.Add("terminating");
            }

            return Task.CompletedTask;
        }

        public Task SyncTerminatedPodAsync(V1Pod pod, CancellationToken cancellationToken)
        {
            lock (Log)
            {
                Log.Add("terminated");
            }

            Terminated.TrySetResult();
            return Task.CompletedTask;
        }
    }
}
