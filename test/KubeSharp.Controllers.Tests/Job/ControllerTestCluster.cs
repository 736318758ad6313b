using k8s;
using k8s.Models;
using KubeSharp.Client;
using KubeSharp.Controllers.Runtime;
using KubeSharp.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Controllers.Tests.Job;

/// <summary>
/// A real in-process API server and the given controllers on shared informers, nothing else (no scheduler, no kubelet, no
/// garbage collector). The controllers decide on <see cref="ControllerTime"/>; the API server and the informers use real time.
/// </summary>
internal sealed class ControllerTestCluster : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly InProcessApiServer _server;
    private readonly EventRecorder _events;
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;

    private ControllerTestCluster(InProcessApiServer server, IKubernetes client, EventRecorder events, TimeProvider controllerTime)
    {
        _server = server;
        Client = client;
        _events = events;
        ControllerTime = controllerTime;
    }

    public IKubernetes Client { get; }

    public TimeProvider ControllerTime { get; }

    public string AdminKubeconfig => _server.AdminKubeconfig;

    public static async Task<ControllerTestCluster> StartAsync(TimeProvider controllerTime, params Func<ControllerContext, IController>[] controllers)
    {
        var server = await InProcessApiServer.StartAsync();
        var client = server.CreateClient();
        var loggers = NullLoggerFactory.Instance;
        var informers = new SharedInformerFactory(client, TimeProvider.System, loggers, TimeSpan.Zero);
        var events = new EventRecorder(client, "kube-controller-manager", TimeProvider.System, NullLogger.Instance);
        var cluster = new ControllerTestCluster(server, client, events, controllerTime);
        var ctx = new ControllerContext(client, informers, events, controllerTime, loggers, new ControllerManagerOptions { LeaderElect = false });
        var built = controllers.Select(c => c(ctx)).ToList();
        await informers.StartAsync(cluster._stop.Token);
        await informers.WaitForSyncAsync(cluster._stop.Token);
        cluster._running = Task.WhenAll(built.Select(c => c.RunAsync(cluster._stop.Token)));
        return cluster;
    }

    /// <summary>
    /// Polls <paramref name="probe"/> until it returns a value (30 s at most). On a fake controller clock, each poll moves
    /// it on by the poll interval so that the controllers' delayed work (batching, retries) proceeds as on a real clock.
    /// </summary>
    public async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what)
        where T : class
    {
        T? found = null;
        await EventuallyAsync(async () => (found = await probe()) is not null, what);
        return found!;
    }

    /// <summary>
    /// Polls <paramref name="condition"/> until it holds (30 s at most). On a fake controller clock, each poll moves it on
    /// by the poll interval so that the controllers' delayed work (batching, retries) proceeds as on a real clock.
    /// </summary>
    public async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(PollInterval);
            (ControllerTime as FakeTimeProvider)?.Advance(PollInterval);
        }
    }

    public async Task<IReadOnlyList<Corev1Event>> EventsAsync(string ns, string involvedName)
    {
        var list = await Client.CoreV1.ListNamespacedEventAsync(ns, fieldSelector: $"involvedObject.name={involvedName}");
        return [.. list.Items];
    }

    public async Task<IReadOnlyList<V1Pod>> PodsOfAsync(V1Job job)
    {
        var list = await Client.CoreV1.ListNamespacedPodAsync(job.Metadata.NamespaceProperty, labelSelector: $"batch.kubernetes.io/controller-uid={job.Metadata.Uid}");
        return [.. list.Items];
    }

    /// <summary>What a kubelet reports for a pod whose container exited: the phase and a terminated container state.</summary>
    public async Task FinishPodAsync(V1Pod pod, bool succeeded)
    {
        var now = DateTime.UtcNow;
        var status = new
        {
            status = new
            {
                phase = succeeded ? "Succeeded" : "Failed",
                containerStatuses = pod.Spec.Containers.Select(c => new
                {
                    name = c.Name,
                    image = c.Image,
                    imageID = "",
                    ready = false,
                    restartCount = 0,
                    state = new { terminated = new { exitCode = succeeded ? 0 : 1, reason = succeeded ? "Completed" : "Error", startedAt = now, finishedAt = now } },
                }).ToList(),
            },
        };
        await Client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(KubernetesJson.Serialize(status), V1Patch.PatchType.MergePatch),
            pod.Metadata.Name, pod.Metadata.NamespaceProperty);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        await _events.DisposeAsync();
        await _server.DisposeAsync();
        _stop.Dispose();
    }
}
