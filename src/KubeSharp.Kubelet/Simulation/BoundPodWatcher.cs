using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Client;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Simulation;

/// <summary>
/// One list+watch of every pod bound to any node (fieldSelector spec.nodeName!=), however many nodes the pool has:
/// a watch per node would cost thousands of streams. Lists again when the watch fails or its resourceVersion is gone.
/// Through <see cref="ListWatch"/>, which decodes events straight from the stream's UTF-8 (the official client's watch
/// costs a string per event).
/// </summary>
internal sealed class BoundPodWatcher(IKubernetes client, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly ListWatch<V1Pod> _pods = ListWatch.For<V1Pod, V1PodList>(client, "", "v1", "pods", fieldSelector: "spec.nodeName!=");

    /// <summary>Runs until cancelled. <paramref name="replace"/> gets the full list after each (re)list,
    /// <paramref name="apply"/> each watch event in order; both are called from this loop only.</summary>
    public async Task RunAsync(Action<IReadOnlyList<V1Pod>> replace, Action<WatchEventType, V1Pod> apply, CancellationToken cancellationToken)
    {
        string? resourceVersion = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (resourceVersion is null)
                {
                    var (items, listed) = await _pods.ListAsync(cancellationToken).ConfigureAwait(false);
                    replace(items);
                    resourceVersion = listed;
                }

                await foreach (var e in _pods.WatchAsync(resourceVersion, cancellationToken).ConfigureAwait(false))
                {
                    if (e.Type == WatchEventType.Error)
                    {
                        // An ERROR event (410 Gone above all) ends the stream; the resourceVersion can no longer be trusted.
                        SimulationLog.Relisting(logger, e.Status?.Message ?? "watch error");
                        resourceVersion = null;
                        break;
                    }

                    if (e.Object?.Metadata?.ResourceVersion is { Length: > 0 } rv)
                    {
                        resourceVersion = rv;
                    }

                    if (e.Type is WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted && e.Object?.Metadata is not null)
                    {
                        apply(e.Type, e.Object);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException or KubernetesException or JsonException)
            {
                SimulationLog.WatchFailed(logger, e);
                resourceVersion = null;
                await DelayAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task DelayAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(RetryDelay, time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
