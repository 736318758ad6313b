using k8s.Models;

namespace KubeSharp.Kubelet.Volumes;

/// <summary>Sets up and tears down a pod's volumes on the node (upstream's volume manager, much simplified).</summary>
internal interface IVolumeManager
{
    /// <summary>
    /// Materialises every volume of the pod on the host (emptyDir, configMap, secret, projected, downwardAPI, hostPath,
    /// persistentVolumeClaim) and refreshes the content of configMap/secret/projected/downwardAPI volumes when called again.
    /// Throws <see cref="VolumeSetupException"/> when a volume cannot be set up yet (for a FailedMount event).
    /// </summary>
    Task<PodVolumes> SetUpPodVolumesAsync(V1Pod pod, CancellationToken cancellationToken);

    /// <summary>Removes everything the pod's volumes left on the node (unmounts tmpfs, deletes the pod's directory).</summary>
    Task TearDownPodVolumesAsync(string podUid, CancellationToken cancellationToken);
}
