using KubeSharp.Kubelet.Simulation;

namespace KubeSharp.Kubelet.Tests.Simulation;

/// <summary>A pool running in the background of a test; disposing stops it and waits until it has stopped.</summary>
internal sealed class RunningPool(SimulatedNodePool pool, Task run, CancellationTokenSource stop) : IAsyncDisposable
{
    public SimulatedNodePool Pool { get; } = pool;

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await run;
        stop.Dispose();
    }
}
