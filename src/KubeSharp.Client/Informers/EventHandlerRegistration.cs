namespace KubeSharp.Client;

/// <summary>One set of callbacks registered on a <see cref="SharedInformer{T}"/>.</summary>
internal sealed record EventHandlerRegistration<T>(Action<T>? OnAdd, Action<T, T>? OnUpdate, Action<T>? OnDelete);
