using k8s.Models;
using KubeSharp.Kubelet.Kuberuntime;

namespace KubeSharp.Kubelet.Tests.Kuberuntime;

internal sealed class RecordingEvents : IPodEvents
{
    public List<(string Type, string Reason, string Message)> Events { get; } = [];

    public void Event(V1Pod pod, string type, string reason, string message)
    {
        lock (Events)
        {
            Events.Add((type, reason, message));
        }
    }
}
