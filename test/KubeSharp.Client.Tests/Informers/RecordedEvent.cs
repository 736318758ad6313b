namespace KubeSharp.Client.Tests.Informers;

/// <summary>One handler call seen by <see cref="HandlerRecorder{T}"/>; <see cref="Resync"/> when an update passed the same object twice.</summary>
internal sealed record RecordedEvent(string Type, string Key, string? ResourceVersion, bool Resync = false);
