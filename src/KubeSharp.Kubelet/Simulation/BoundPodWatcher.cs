using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Simulation;

/// <summary>
/// One list+watch of every pod bound to any node (fieldSelector spec.nodeName!=), however many nodes the pool has:
/// a watch per node would cost thousands of streams. Lists again when the watch fails or its resourceVersion is gone.
/// </summary>
internal sealed class BoundPodWatcher(IKubernetes client, TimeProvider time, ILogger logger)
{
    private const string FieldSelector = "spec.nodeName!=";
    private const int PageSize = 500;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

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
                    resourceVersion = await ListAsync(replace, cancellationToken).ConfigureAwait(false);
                }

                Exception? error = null;
                var events = client.CoreV1.WatchListPodForAllNamespacesAsync(allowWatchBookmarks: true, fieldSelector: FieldSelector,
                    resourceVersion: resourceVersion, timeoutSeconds: Random.Shared.Next(300, 600), onError: e => error ??= e,
                    cancellationToken: cancellationToken);
                await foreach (var (type, pod) in events.ConfigureAwait(false))
                {
                    if (pod?.Metadata?.ResourceVersion is { Length: > 0 } rv)
                    {
                        resourceVersion = rv;
                    }

                    if (type is WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted && pod?.Metadata is not null)
                    {
                        apply(type, pod);
                    }
                }

                if (error is not null)
                {
                    // An ERROR event (410 Gone above all) ends the stream; the resourceVersion can no longer be trusted.
                    SimulationLog.Relisting(logger, error.Message);
                    resourceVersion = null;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException or KubernetesException)
            {
                SimulationLog.WatchFailed(logger, e);
                resourceVersion = null;
                await DelayAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<string> ListAsync(Action<IReadOnlyList<V1Pod>> replace, CancellationToken cancellationToken)
    {
        var pods = new List<V1Pod>();
        string? continueToken = null;
        string resourceVersion;
        do
        {
            var page = await client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: FieldSelector, limit: PageSize,
                continueParameter: continueToken, cancellationToken: cancellationToken).ConfigureAwait(false);
            pods.AddRange(page.Items);
            continueToken = page.Metadata?.ContinueProperty;
            resourceVersion = page.Metadata?.ResourceVersion ?? "";
        }
        while (!string.IsNullOrEmpty(continueToken));

        replace(pods);
        return resourceVersion;
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
