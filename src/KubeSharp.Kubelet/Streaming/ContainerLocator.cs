using System.Globalization;
using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Cri.V1;

namespace KubeSharp.Kubelet.Streaming;

/// <summary>Finds a pod's sandbox and containers in the runtime by the io.kubernetes.* labels the kubelet puts on them.</summary>
internal sealed class ContainerLocator(IRuntimeService runtime)
{
    /// <summary>The pod's current sandbox: a ready one if any, else the newest; null when the runtime has none.</summary>
    public async Task<PodSandbox?> FindSandboxAsync(string ns, string pod, string? uid, CancellationToken cancellationToken)
    {
        var filter = new PodSandboxFilter();
        filter.LabelSelector[CriLabels.PodNamespace] = ns;
        filter.LabelSelector[CriLabels.PodName] = pod;
        if (!string.IsNullOrEmpty(uid))
        {
            filter.LabelSelector[CriLabels.PodUid] = uid;
        }

        var sandboxes = await runtime.ListPodSandboxAsync(filter, cancellationToken).ConfigureAwait(false);
        return sandboxes
            .OrderByDescending(s => s.State == PodSandboxState.SandboxReady)
            .ThenByDescending(s => s.CreatedAt)
            .FirstOrDefault();
    }

    /// <summary>
    /// The container's instances, newest first (by restart count, then creation): the first is the current one,
    /// the second what `previous` means.
    /// </summary>
    public async Task<IReadOnlyList<Container>> FindContainersAsync(string ns, string pod, string? uid, string container,
        CancellationToken cancellationToken)
    {
        var filter = new ContainerFilter();
        filter.LabelSelector[CriLabels.PodNamespace] = ns;
        filter.LabelSelector[CriLabels.PodName] = pod;
        filter.LabelSelector[CriLabels.ContainerName] = container;
        if (!string.IsNullOrEmpty(uid))
        {
            filter.LabelSelector[CriLabels.PodUid] = uid;
        }

        var containers = await runtime.ListContainersAsync(filter, cancellationToken).ConfigureAwait(false);
        return [.. containers.OrderByDescending(RestartCount).ThenByDescending(c => c.CreatedAt)];
    }

    private static int RestartCount(Container container) =>
        container.Annotations.TryGetValue(CriLabels.ContainerRestartCount, out var v)
        && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
