using System.Threading.Channels;
using k8s.Models;

namespace KubeSharp.Kubelet.Prober;

/// <summary>
/// Probes one container with one probe on its period (upstream's worker.go). Keeps the run of equal results so that a
/// result is published only after successThreshold / failureThreshold consecutive probes, and holds off after a
/// liveness or startup failure until the container is restarted under a new id.
/// </summary>
internal sealed class ProbeWorker
{
    private readonly ProbeManager manager;
    private readonly V1Container container;
    private readonly V1Probe spec;
    private readonly ProbeResult initialValue;
    private readonly Channel<bool> manualTrigger = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource stop = new();

    private string? containerId;
    private ProbeResult lastResult = ProbeResult.Unknown;
    private int resultRun;
    private bool onHold;

    public ProbeWorker(ProbeManager manager, ProbeWorkerKey key, V1Container container, V1Probe spec)
    {
        this.manager = manager;
        Key = key;
        this.container = container;
        this.spec = spec;
        initialValue = key.Type switch
        {
            ProbeType.Readiness => ProbeResult.Failure,
            ProbeType.Liveness => ProbeResult.Success,
            _ => ProbeResult.Unknown,
        };
    }

    public ProbeWorkerKey Key { get; }

    public Task? Running { get; private set; }

    public void Start() => Running = Task.Run(RunAsync);

    public void Stop() => stop.Cancel();

    /// <summary>Asks for a probe now (non-blocking; dropped when one is already pending), as upstream's manualTriggerCh.</summary>
    public void Trigger() => manualTrigger.Writer.TryWrite(true);

    private async Task RunAsync()
    {
        var period = TimeSpan.FromSeconds(Math.Max(1, spec.PeriodSeconds ?? 10));
        using var ticker = new PeriodicTimer(period, manager.TimeProvider);
        Task<bool>? tick = null;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                bool keepGoing;
                try
                {
                    keepGoing = await DoProbeAsync(stop.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // As upstream's worker recovers from a crash in one round and keeps probing.
                    manager.LogWorkerFailed(Key.Type, Key.PodUid, Key.ContainerName, ex);
                    keepGoing = true;
                }

                manager.ProbeCompleted?.Invoke(Key);
                if (!keepGoing)
                {
                    break;
                }

                tick ??= ticker.WaitForNextTickAsync(stop.Token).AsTask();
                var trigger = manualTrigger.Reader.WaitToReadAsync(stop.Token).AsTask();
                var woke = await Task.WhenAny(tick, trigger).ConfigureAwait(false);
                await woke.ConfigureAwait(false);
                if (woke == tick)
                {
                    tick = null;
                }

                manualTrigger.Reader.TryRead(out _);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped by RemovePod or disposal.
        }
        finally
        {
            if (containerId is not null)
            {
                manager.RemoveResult(Key.Type, containerId);
            }

            manager.RemoveWorker(this);
            stop.Dispose();
        }
    }

    /// <summary>One probe; false when the worker should stop (the pod is gone or finished).</summary>
    private async Task<bool> DoProbeAsync(CancellationToken cancellationToken)
    {
        if (!manager.TryGetPod(Key.PodUid, out var pod, out var status))
        {
            // No status yet: the pod worker has not reported the pod.
            return true;
        }

        if (status.Phase is "Failed" or "Succeeded")
        {
            return false;
        }

        var containerStatus = status.ContainerStatuses?.FirstOrDefault(c => c.Name == Key.ContainerName)
            ?? status.InitContainerStatuses?.FirstOrDefault(c => c.Name == Key.ContainerName);
        if (containerStatus is null || string.IsNullOrEmpty(containerStatus.ContainerID))
        {
            // Not created yet.
            return true;
        }

        if (containerId != containerStatus.ContainerID)
        {
            if (containerId is not null)
            {
                manager.RemoveResult(Key.Type, containerId);
            }

            containerId = containerStatus.ContainerID;
            manager.SetResult(Key, containerId, initialValue);
            lastResult = ProbeResult.Unknown;
            resultRun = 0;
            onHold = false;
        }

        if (onHold)
        {
            // Waiting for the pod worker to restart the container after a liveness or startup failure.
            return true;
        }

        if (containerStatus.State?.Running is not { } running)
        {
            manager.SetResult(Key, containerId, ProbeResult.Failure);

            // Keep the worker unless the container has exited and will never run again (sidecars always restart).
            return containerStatus.State?.Terminated is null || pod.Spec?.RestartPolicy != "Never" || container.RestartPolicy == "Always";
        }

        if (pod.Metadata?.DeletionTimestamp is not null && Key.Type is ProbeType.Liveness or ProbeType.Startup)
        {
            // A terminating pod is not restarted by its probes: report success for a quiet shutdown and stop probing.
            manager.SetResult(Key, containerId, ProbeResult.Success);
            return false;
        }

        var startedAt = running.StartedAt ?? manager.TimeProvider.GetUtcNow().UtcDateTime;
        var sinceStart = manager.TimeProvider.GetUtcNow().UtcDateTime - DateTime.SpecifyKind(startedAt, DateTimeKind.Utc);
        if ((int)sinceStart.TotalSeconds < (spec.InitialDelaySeconds ?? 0))
        {
            return true;
        }

        if (containerStatus.Started == true)
        {
            if (Key.Type == ProbeType.Startup)
            {
                // A started container is not probed for startup any more.
                return true;
            }
        }
        else if (Key.Type != ProbeType.Startup)
        {
            // Liveness and readiness wait for the startup probe.
            return true;
        }

        var result = await manager.Prober.ProbeAsync(Key.Type, spec, pod, status, container, containerId, cancellationToken).ConfigureAwait(false);
        if (result is not { } probed)
        {
            // The probe errored: throw the result away.
            return true;
        }

        if (lastResult == probed)
        {
            resultRun++;
        }
        else
        {
            lastResult = probed;
            resultRun = 1;
        }

        if ((probed == ProbeResult.Failure && resultRun < (spec.FailureThreshold ?? 3))
            || (probed == ProbeResult.Success && resultRun < (spec.SuccessThreshold ?? 1)))
        {
            return true;
        }

        manager.SetResult(Key, containerId, probed);
        if (Key.Type is ProbeType.Liveness or ProbeType.Startup && probed == ProbeResult.Failure)
        {
            // The container is about to be killed: stop probing it until it runs again under a new id.
            onHold = true;
            resultRun = 0;
        }

        return true;
    }
}
