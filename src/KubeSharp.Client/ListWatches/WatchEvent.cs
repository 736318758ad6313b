using k8s;
using k8s.Models;

namespace KubeSharp.Client;

/// <summary>One event of a watch stream: <see cref="Object"/> for ADDED/MODIFIED/DELETED/BOOKMARK, <see cref="Status"/> for ERROR.</summary>
public readonly record struct WatchEvent<T>(WatchEventType Type, T? Object, V1Status? Status)
    where T : class;
