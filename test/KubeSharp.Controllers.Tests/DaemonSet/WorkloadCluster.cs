using System.Diagnostics;
using k8s;
using k8s.Models;
using KubeSharp.Client;
using KubeSharp.Controllers.Runtime;
using KubeSharp.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Controllers.Tests.DaemonSet;

/// <summary>
/// A real in-process API server with only the given controllers running on it (no scheduler, no kubelet): pods stay
/// Pending until a test sets their status through pods/status.
/// </summary>
internal sealed class WorkloadCluster : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly InProcessApiServer _server;
    private readonly EventRecorder _events;
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;

    private WorkloadCluster(InProcessApiServer server, IKubernetes client, SharedInformerFactory informers, EventRecorder events)
    {
        _server = server;
        Client = client;
        Informers = informers;
        _events = events;
    }

    public IKubernetes Client { get; }

    public SharedInformerFactory Informers { get; }

    /// <summary>
    /// Starts the server and the controllers; <paramref name="beforeStart"/> may add informer handlers of the test's own
    /// before the informers start.
    /// </summary>
    public static async Task<WorkloadCluster> StartAsync(Func<ControllerContext, IController> controller, Action<SharedInformerFactory>? beforeStart = null)
    {
        var server = await InProcessApiServer.StartAsync();
        var client = server.CreateClient();
        var informers = new SharedInformerFactory(client, TimeProvider.System, NullLoggerFactory.Instance, TimeSpan.Zero);
        var events = new EventRecorder(client, "kube-controller-manager", TimeProvider.System, NullLogger.Instance);
        var cluster = new WorkloadCluster(server, client, informers, events);
        var context = new ControllerContext(client, informers, events, TimeProvider.System, NullLoggerFactory.Instance,
            new ControllerManagerOptions { LeaderElect = false });
        var instance = controller(context);
        beforeStart?.Invoke(informers);
        await informers.StartAsync(cluster._stop.Token);
        await informers.WaitForSyncAsync(cluster._stop.Token);
        cluster._running = instance.RunAsync(cluster._stop.Token);
        return cluster;
    }

    /// <summary>Polls <paramref name="probe"/> until it returns a value (not null) or the timeout passes.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what)
        where T : class
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            Assert.True(watch.Elapsed < Timeout, $"Timed out waiting for {what}.");
            await Task.Delay(50);
        }
    }

    public async Task<IList<V1Pod>> PodsAsync(string selector)
        => (await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: selector)).Items;

    public async Task<IList<Corev1Event>> EventsAsync(string involvedName)
    {
        await _events.FlushAsync(CancellationToken.None);
        return (await Client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: $"involvedObject.name={involvedName}")).Items;
    }

    /// <summary>Marks a pod Running and Ready, as the kubelet would.</summary>
    public Task MarkRunningAndReadyAsync(string name)
    {
        var now = DateTime.UtcNow;
        var status = new V1PodStatus
        {
            Phase = "Running",
            Conditions = [new V1PodCondition { Type = "Ready", Status = "True", LastTransitionTime = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, DateTimeKind.Utc) }],
        };
        return Client.CoreV1.PatchNamespacedPodStatusAsync(
            new V1Patch(new Dictionary<string, object> { ["status"] = status }, V1Patch.PatchType.MergePatch), name, "default");
    }

    /// <summary>Runs the real kubectl against this server and returns its standard output.</summary>
    public async Task<string> KubectlAsync(params string[] args)
    {
        var kubeconfig = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(kubeconfig, _server.AdminKubeconfig);
            var start = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("--kubeconfig");
            start.ArgumentList.Add(kubeconfig);
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"kubectl {string.Join(' ', args)} failed: {await stderr}");
            return await stdout;
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        await Informers.WhenStoppedAsync(CancellationToken.None);
        await _events.DisposeAsync();
        await _server.DisposeAsync();
        _stop.Dispose();
    }
}
