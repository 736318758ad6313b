using k8s.Models;

namespace KubeSharp.Kubelet.Prober;

/// <summary>
/// Where probe events go (the lead wires an EventRecorder): the involved object is the pod, with the container's
/// field path (<c>spec.containers{name}</c>) as upstream's recordContainerEvent does.
/// </summary>
internal interface IProbeEventSink
{
    void Record(V1Pod pod, string containerFieldPath, string type, string reason, string message);
}
