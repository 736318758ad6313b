using System.Collections.Concurrent;

namespace KubeSharp.Kubelet.PodWorkers;

/// <summary>
/// Pods the kubelet has decided to end (active deadline passed, evicted under node pressure), by UID: the pod's worker
/// sees the request on its next sync, stops the pod with the request's grace period and reports its status.
/// </summary>
internal sealed class PodKills
{
    private readonly ConcurrentDictionary<string, PodKillRequest> _requests = new(StringComparer.Ordinal);

    /// <summary>Records the request unless one is already pending (the first reason wins); true when recorded.</summary>
    public bool Request(string uid, PodKillRequest request) => _requests.TryAdd(uid, request);

    public PodKillRequest? Get(string uid) => _requests.TryGetValue(uid, out var request) ? request : null;

    public void Forget(string uid) => _requests.TryRemove(uid, out _);
}
