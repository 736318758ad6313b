using k8s;
using k8s.Models;
using KubeSharp.Client;
using KubeSharp.Controllers.Runtime;
using KubeSharp.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Controllers.Tests.GarbageCollector;

/// <summary>A real API server in this process with just the controllers a test class needs running against it.</summary>
public abstract class ControllerFixture : IAsyncLifetime
{
    private readonly CancellationTokenSource _stopping = new();
    private InProcessApiServer _server = null!;
    private EventRecorder _events = null!;
    private Task _running = Task.CompletedTask;

    public IKubernetes Client { get; private set; } = null!;

    internal virtual ControllerManagerOptions Options => new() { LeaderElect = false };

    internal abstract IEnumerable<Func<ControllerContext, IController>> Controllers { get; }

    public async Task InitializeAsync()
    {
        _server = await InProcessApiServer.StartAsync();
        Client = ClusterConnection.FromKubeconfigText(_server.AdminKubeconfig);
        var informers = new SharedInformerFactory(Client, TimeProvider.System, NullLoggerFactory.Instance, TimeSpan.Zero);
        _events = new EventRecorder(Client, "kube-controller-manager", TimeProvider.System, NullLogger.Instance);
        var context = new ControllerContext(Client, informers, _events, TimeProvider.System, NullLoggerFactory.Instance, Options);
        var controllers = Controllers.Select(f => f(context)).ToList();
        await informers.StartAsync(_stopping.Token);
        await informers.WaitForSyncAsync(_stopping.Token);
        _running = Task.WhenAll(controllers.Select(c => Task.Run(() => c.RunAsync(_stopping.Token))));
    }

    /// <summary>A fresh namespace, so tests sharing the server do not see each other's objects.</summary>
    public async Task<string> CreateNamespaceAsync()
    {
        var name = "t-" + Guid.NewGuid().ToString("N")[..10];
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test after <paramref name="timeout"/> (default 30 s).</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = TimeProvider.System.GetUtcNow() + (timeout ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }

            await Task.Delay(50);
        }
    }

    public async Task DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _events.DisposeAsync();
        Client.Dispose();
        await _server.DisposeAsync();
        _stopping.Dispose();
    }
}
