using k8s.Models;

namespace KubeSharp.Kubelet.Sources;

/// <summary>The API objects a pod's containers refer to (env, volumes, service links), read through the API server.</summary>
internal interface IPodObjectSource
{
    /// <summary>The ConfigMap, or null when it does not exist.</summary>
    Task<V1ConfigMap?> GetConfigMapAsync(string namespaceName, string name, CancellationToken cancellationToken);

    /// <summary>The Secret, or null when it does not exist.</summary>
    Task<V1Secret?> GetSecretAsync(string namespaceName, string name, CancellationToken cancellationToken);

    /// <summary>The Services of a namespace, for the service-link environment variables.</summary>
    Task<IReadOnlyList<V1Service>> ListServicesAsync(string namespaceName, CancellationToken cancellationToken);

    /// <summary>A bound PersistentVolumeClaim's PersistentVolume, or null.</summary>
    Task<V1PersistentVolume?> GetVolumeForClaimAsync(string namespaceName, string claimName, CancellationToken cancellationToken);

    /// <summary>A token for a projected serviceAccountToken volume (TokenRequest of the pod's ServiceAccount).</summary>
    Task<string> RequestServiceAccountTokenAsync(V1Pod pod, string? audience, long expirationSeconds, CancellationToken cancellationToken);
}
