using k8s.Models;
using KubeSharp.Client;
using KubeSharp.Kubelet.Kuberuntime;
using KubeSharp.Kubelet.Prober;

namespace KubeSharp.Kubelet.Hosting;

/// <summary>Pod events (the kubelet's and its probes') written as core/v1 Events through the shared recorder.</summary>
internal sealed class RecorderPodEvents(EventRecorder recorder) : IPodEvents, IProbeEventSink
{
    public void Event(V1Pod pod, string type, string reason, string message) => recorder.Event(pod, type, reason, message);

    public void Record(V1Pod pod, string containerFieldPath, string type, string reason, string message) =>
        recorder.Event(pod, type, reason, message, containerFieldPath);
}
