using System.Globalization;
using System.Text;
using k8s;
using k8s.Models;

namespace KubeSharp.Kubelet.Kuberuntime;

/// <summary>
/// A hash of a container's spec, kept as an annotation on the runtime's container so that a changed spec is noticed and the
/// container restarted (upstream's HashContainer). Resources are left out: they can be resized in place.
/// </summary>
internal static class ContainerHash
{
    public static string Of(V1Container container)
    {
        var copy = KubernetesJson.Deserialize<V1Container>(KubernetesJson.Serialize(container));
        copy.Resources = null;
        copy.ResizePolicy = null;
        uint hash = 2166136261;
        foreach (var b in Encoding.UTF8.GetBytes(KubernetesJson.Serialize(copy)))
        {
            hash = (hash ^ b) * 16777619;
        }

        return hash.ToString("x8", CultureInfo.InvariantCulture);
    }
}
