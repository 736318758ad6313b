using System.Diagnostics;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubeSharp.Client;
using KubeSharp.Controllers.Runtime;
using KubeSharp.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Controllers.Tests.ReplicaSet;

/// <summary>
/// A real in-process API server with only the given controllers running against it, as the controller manager runs them
/// (shared informers started and synced first). Pods never run by themselves: <see cref="MarkReadyAsync"/> plays the kubelet.
/// </summary>
internal sealed class ControllerHarness : IAsyncDisposable
{
    public const string Namespace = "default";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _stop = new();
    private readonly EventRecorder _events;
    private readonly string _kubeconfig;
    private Task[] _running = [];

    private ControllerHarness(InProcessApiServer server, IKubernetes client, EventRecorder events)
    {
        Server = server;
        Client = client;
        _events = events;
        _kubeconfig = Path.Combine(Path.GetTempPath(), $"kubesharp-{Guid.NewGuid():N}.kubeconfig");
        File.WriteAllText(_kubeconfig, server.AdminKubeconfig);
    }

    public InProcessApiServer Server { get; }

    public IKubernetes Client { get; }

    public static async Task<ControllerHarness> StartAsync(params Func<ControllerContext, IController>[] controllers)
    {
        var server = await InProcessApiServer.StartAsync();
        var client = server.CreateClient();
        var loggers = NullLoggerFactory.Instance;
        var informers = new SharedInformerFactory(client, TimeProvider.System, loggers, TimeSpan.Zero);
        var events = new EventRecorder(client, "kube-controller-manager", TimeProvider.System, NullLogger.Instance);
        var context = new ControllerContext(client, informers, events, TimeProvider.System, loggers, new ControllerManagerOptions { LeaderElect = false });
        var harness = new ControllerHarness(server, client, events);
        var built = controllers.Select(f => f(context)).ToList();
        await informers.StartAsync(harness._stop.Token);
        await informers.WaitForSyncAsync(harness._stop.Token);
        harness._running = [.. built.Select(c => Task.Run(() => c.RunAsync(harness._stop.Token)))];
        return harness;
    }

    /// <summary>Polls <paramref name="probe"/> until <paramref name="done"/> holds; fails with the last value otherwise.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (watch.Elapsed > Timeout)
            {
                Assert.Fail($"Timed out waiting for {what}; last: {KubernetesJson.Serialize(value)}");
            }

            await Task.Delay(50);
        }
    }

    public async Task<IList<V1Pod>> PodsAsync(string? labelSelector = null)
        => (await Client.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: labelSelector)).Items;

    public async Task<IList<V1ReplicaSet>> ReplicaSetsAsync()
        => (await Client.AppsV1.ListNamespacedReplicaSetAsync(Namespace)).Items;

    public static IList<V1Pod> OwnedBy(IEnumerable<V1Pod> pods, string uid)
        => pods.Where(p => p.Metadata.OwnerReferences?.Any(r => r.Uid == uid && r.Controller == true) == true).ToList();

    /// <summary>What a kubelet would report: the pod Running and Ready (since <paramref name="readySince"/>, default now).</summary>
    public async Task MarkReadyAsync(V1Pod pod, DateTimeOffset? readySince = null)
    {
        var since = (readySince ?? DateTimeOffset.UtcNow).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var patch = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True", ["lastTransitionTime"] = since }),
            },
        };
        await Client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), pod.Metadata.Name, Namespace);
    }

    /// <summary>Marks every pod of the namespace Ready as soon as it appears, until disposed (a kubelet for rollouts).</summary>
    public Task ReadyEveryPodInBackground()
    {
        var task = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    foreach (var pod in await PodsAsync())
                    {
                        if (pod.Metadata.DeletionTimestamp is null && pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") != true)
                        {
                            await MarkReadyAsync(pod);
                        }
                    }

                    await Task.Delay(50, _stop.Token);
                }
                catch (Exception) when (!_stop.IsCancellationRequested)
                {
                    // A pod deleted under us: next round.
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });
        _running = [.. _running, task];
        return Task.CompletedTask;
    }

    /// <summary>Runs the real kubectl against the server; returns exit code and output.</summary>
    public async Task<(int ExitCode, string Output)> KubectlAsync(params string[] args)
    {
        var start = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(_kubeconfig);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    public async Task<IList<Corev1Event>> EventsAsync()
    {
        await _events.FlushAsync(CancellationToken.None);
        return (await Client.CoreV1.ListNamespacedEventAsync(Namespace)).Items;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_running).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _events.DisposeAsync();
        await Server.DisposeAsync();
        File.Delete(_kubeconfig);
        _stop.Dispose();
    }
}
