using Grpc.Core;
using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Cri.V1;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Pleg;

/// <summary>
/// The generic pod lifecycle event generator (upstream's GenericPLEG): lists every sandbox and container of the runtime each
/// period, compares with the previous listing and reports, per pod, the containers that started, died or were removed.
/// </summary>
internal sealed class GenericPleg(IRuntimeService runtime, TimeProvider time, ILogger logger, TimeSpan? relistPeriod = null)
{
    private readonly TimeSpan _period = relistPeriod ?? TimeSpan.FromSeconds(1);
    private Dictionary<string, (string PodUid, State State)> _previous = new(StringComparer.Ordinal);

    private enum State
    {
        Running,
        Exited,
        Other,
    }

    /// <summary>When the last relist succeeded (for a health check).</summary>
    public DateTimeOffset? LastRelist { get; private set; }

    /// <summary>Relists every period until cancelled, giving each event to <paramref name="onEvent"/>.</summary>
    public async Task RunAsync(Action<PodLifecycleEvent> onEvent, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                foreach (var e in await RelistAsync(cancellationToken).ConfigureAwait(false))
                {
                    onEvent(e);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (RpcException e)
            {
                PlegLog.RelistFailed(logger, e);
            }

            try
            {
                await Task.Delay(_period, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One relist: the events since the previous one.</summary>
    public async Task<IReadOnlyList<PodLifecycleEvent>> RelistAsync(CancellationToken cancellationToken)
    {
        var current = new Dictionary<string, (string PodUid, State State)>(StringComparer.Ordinal);
        foreach (var sandbox in await runtime.ListPodSandboxAsync(null, cancellationToken).ConfigureAwait(false))
        {
            if (sandbox.Labels.TryGetValue(CriLabels.PodUid, out var uid))
            {
                current[sandbox.Id] = (uid, sandbox.State == PodSandboxState.SandboxReady ? State.Running : State.Exited);
            }
        }

        foreach (var container in await runtime.ListContainersAsync(null, cancellationToken).ConfigureAwait(false))
        {
            if (container.Labels.TryGetValue(CriLabels.PodUid, out var uid))
            {
                current[container.Id] = (uid, container.State switch
                {
                    ContainerState.ContainerRunning => State.Running,
                    ContainerState.ContainerExited => State.Exited,
                    _ => State.Other,
                });
            }
        }

        var events = new List<PodLifecycleEvent>();
        foreach (var (id, (uid, state)) in current)
        {
            var had = _previous.TryGetValue(id, out var before);
            if (had && before.State == state)
            {
                continue;
            }

            events.Add(new PodLifecycleEvent(uid, state switch
            {
                State.Running => PodLifecycleEventType.ContainerStarted,
                State.Exited => PodLifecycleEventType.ContainerDied,
                _ => PodLifecycleEventType.ContainerChanged,
            }, id));
        }

        foreach (var (id, (uid, state)) in _previous)
        {
            if (current.ContainsKey(id))
            {
                continue;
            }

            if (state == State.Running)
            {
                events.Add(new PodLifecycleEvent(uid, PodLifecycleEventType.ContainerDied, id));
            }

            events.Add(new PodLifecycleEvent(uid, PodLifecycleEventType.ContainerRemoved, id));
        }

        _previous = current;
        LastRelist = time.GetUtcNow();
        return events;
    }
}
