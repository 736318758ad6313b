using k8s;
using KubeSharp.Client;
using KubeSharp.Controllers.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Controllers.Tests.Endpoints;

/// <summary>Runs the given controllers (only those) on their own informers against the test server until disposed.</summary>
internal sealed class ControllerHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly EventRecorder _events;
    private Task _running = Task.CompletedTask;

    private ControllerHarness(IKubernetes client, TimeProvider time, ControllerManagerOptions options)
    {
        // Informers and events run on real time (they talk to a real server); only the controllers see the test's clock.
        Informers = new SharedInformerFactory(client, TimeProvider.System, NullLoggerFactory.Instance, TimeSpan.Zero);
        _events = new EventRecorder(client, "kube-controller-manager", TimeProvider.System, NullLogger<EventRecorder>.Instance);
        Context = new ControllerContext(client, Informers, _events, time, NullLoggerFactory.Instance, options);
    }

    public ControllerContext Context { get; }

    public SharedInformerFactory Informers { get; }

    public IReadOnlyList<IController> Controllers { get; private set; } = [];

    public static async Task<ControllerHarness> StartAsync(IKubernetes client, TimeProvider time, ControllerManagerOptions options,
        params Func<ControllerContext, IController>[] factories)
    {
        var harness = new ControllerHarness(client, time, options);
        harness.Controllers = [.. factories.Select(f => f(harness.Context))];
        await harness.Informers.StartAsync(harness._stop.Token);
        await harness.Informers.WaitForSyncAsync(harness._stop.Token);
        harness._running = Task.WhenAll(harness.Controllers.Select(c => c.RunAsync(harness._stop.Token)));
        return harness;
    }

    public Task FlushEventsAsync() => _events.FlushAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await Informers.WhenStoppedAsync(CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _events.DisposeAsync();
        _stop.Dispose();
    }
}
