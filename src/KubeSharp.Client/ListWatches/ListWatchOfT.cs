using k8s;
using k8s.Models;

namespace KubeSharp.Client;

/// <summary>How to list and watch one resource. Built by <see cref="ListWatch.For{T, TList}"/>, or from delegates (tests, fakes).</summary>
public sealed class ListWatch<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Func<CancellationToken, Task<(IReadOnlyList<T> Items, string ResourceVersion)>> _list;
    private readonly Func<string, CancellationToken, IAsyncEnumerable<WatchEvent<T>>> _watch;

    public ListWatch(Func<CancellationToken, Task<(IReadOnlyList<T> Items, string ResourceVersion)>> list,
        Func<string, CancellationToken, IAsyncEnumerable<WatchEvent<T>>> watch, string description)
    {
        _list = list;
        _watch = watch;
        Description = description;
    }

    /// <summary>The resource path, for logs.</summary>
    public string Description { get; }

    /// <summary>Lists all objects (paged) and returns them with the list's resourceVersion.
    /// Throws <see cref="k8s.Autorest.HttpOperationException"/> for an error status.</summary>
    public Task<(IReadOnlyList<T> Items, string ResourceVersion)> ListAsync(CancellationToken cancellationToken) => _list(cancellationToken);

    /// <summary>Watches from <paramref name="resourceVersion"/> with bookmarks until the server ends the stream.
    /// An expired resourceVersion arrives as an ERROR event (or an HttpOperationException with 410).</summary>
    public IAsyncEnumerable<WatchEvent<T>> WatchAsync(string resourceVersion, CancellationToken cancellationToken) => _watch(resourceVersion, cancellationToken);

    public override string ToString() => Description;
}
