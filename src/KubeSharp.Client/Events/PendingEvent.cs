using k8s.Models;

namespace KubeSharp.Client;

/// <summary>An event waiting in the recorder's channel, or (with <see cref="Flushed"/>) a marker that completes once all before it were written.</summary>
internal sealed record PendingEvent(V1ObjectReference? Regarding, string Type, string Reason, string Message, TaskCompletionSource? Flushed);
