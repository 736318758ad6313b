using k8s.Models;
using KubeSharp.Client;
using KubeSharp.Kubelet.Kuberuntime;

namespace KubeSharp.Kubelet.Hosting;

/// <summary>Pod events written as core/v1 Events through the shared recorder.</summary>
internal sealed class RecorderPodEvents(EventRecorder recorder) : IPodEvents
{
    public void Event(V1Pod pod, string type, string reason, string message) => recorder.Event(pod, type, reason, message);
}
