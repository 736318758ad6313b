namespace KubeSharp.Kubelet.PodWorkers;

/// <summary>A sync that did not reach the desired state (a container in back-off, a failed pull…); the worker retries later.</summary>
internal sealed class PodSyncException(string message, Exception? inner = null) : Exception(message, inner);
