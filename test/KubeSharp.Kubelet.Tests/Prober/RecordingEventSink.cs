using System.Collections.Concurrent;
using k8s.Models;
using KubeSharp.Kubelet.Prober;

namespace KubeSharp.Kubelet.Tests.Prober;

internal sealed class RecordingEventSink : IProbeEventSink
{
    public ConcurrentQueue<(string FieldPath, string Type, string Reason, string Message)> Events { get; } = new();

    public void Record(V1Pod pod, string containerFieldPath, string type, string reason, string message) =>
        Events.Enqueue((containerFieldPath, type, reason, message));

    public int Count(Func<(string FieldPath, string Type, string Reason, string Message), bool> predicate) => Events.Count(predicate);
}
