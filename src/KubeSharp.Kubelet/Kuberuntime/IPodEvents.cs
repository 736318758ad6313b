using k8s.Models;

namespace KubeSharp.Kubelet.Kuberuntime;

/// <summary>Where the kubelet reports events about pods (Pulling, Created, Started, Killing, BackOff…).</summary>
internal interface IPodEvents
{
    /// <param name="type">"Normal" or "Warning".</param>
    void Event(V1Pod pod, string type, string reason, string message);
}
