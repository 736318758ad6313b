using System.Collections.Concurrent;
using System.Threading.Channels;
using k8s.Models;
using KubeSharp.Kubelet.Prober;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Kubelet.Tests.Prober;

/// <summary>A probe manager on fake time with a barrier per probe type: each probe round of a worker is awaited.</summary>
internal sealed class ProbeHarness : IAsyncDisposable
{
    public const string PodUid = "uid-1";

    private static readonly TimeSpan BarrierTimeout = TimeSpan.FromSeconds(20);

    private readonly ConcurrentDictionary<ProbeType, Channel<ProbeWorkerKey>> rounds = new();

    public ProbeHarness()
    {
        Manager = new ProbeManager(Runtime, Time, NullLogger.Instance, u => Updates.Enqueue(u), Events)
        {
            ProbeCompleted = key => Rounds(key.Type).Writer.TryWrite(key),
        };
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public FakeRuntimeService Runtime { get; } = new();

    public RecordingEventSink Events { get; } = new();

    public ConcurrentQueue<ProbeUpdate> Updates { get; } = new();

    public ProbeManager Manager { get; }

    public static V1Pod Pod(V1Container container, string restartPolicy = "Always") => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Uid = PodUid },
        Spec = new V1PodSpec { Containers = [container], RestartPolicy = restartPolicy, TerminationGracePeriodSeconds = 30 },
    };

    public static V1Probe Exec(string command, int period = 10, int failureThreshold = 3, int successThreshold = 1, int initialDelay = 0) => new()
    {
        Exec = new V1ExecAction { Command = [command] },
        PeriodSeconds = period,
        TimeoutSeconds = 1,
        FailureThreshold = failureThreshold,
        SuccessThreshold = successThreshold,
        InitialDelaySeconds = initialDelay,
    };

    public V1PodStatus Running(string containerId, DateTimeOffset? startedAt = null) => new()
    {
        Phase = "Running",
        PodIP = "127.0.0.1",
        ContainerStatuses =
        [
            new V1ContainerStatus
            {
                Name = "app",
                ContainerID = containerId,
                Image = "busybox",
                ImageID = "busybox",
                State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = (startedAt ?? Time.GetUtcNow()).UtcDateTime } },
            },
        ],
    };

    /// <summary>Awaits the next completed probe round of a worker of <paramref name="type"/>.</summary>
    public async Task RoundAsync(ProbeType type)
    {
        using var timeout = new CancellationTokenSource(BarrierTimeout);
        await Rounds(type).Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Moves fake time on by <paramref name="seconds"/> and awaits the probe round that fires.</summary>
    public async Task TickAsync(ProbeType type, int seconds = 10)
    {
        Time.Advance(TimeSpan.FromSeconds(seconds));
        await RoundAsync(type);
    }

    public V1ContainerStatus Status(V1Pod pod, V1PodStatus status)
    {
        Manager.UpdatePodStatus(pod, status);
        return status.ContainerStatuses[0];
    }

    public async ValueTask DisposeAsync() => await Manager.DisposeAsync();

    private Channel<ProbeWorkerKey> Rounds(ProbeType type) => rounds.GetOrAdd(type, _ => Channel.CreateUnbounded<ProbeWorkerKey>());
}
