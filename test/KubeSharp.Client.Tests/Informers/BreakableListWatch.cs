using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;

namespace KubeSharp.Client.Tests.Informers;

/// <summary>Wraps a real list/watch so a test can break the watch, hold the next one back, or start it with an ERROR event.</summary>
internal sealed class BreakableListWatch<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ListWatch<T> _inner;
    private CancellationTokenSource _break = new();
    private TaskCompletionSource? _gate;
    private V1Status? _injectError;
    private int _lists;

    public BreakableListWatch(ListWatch<T> inner)
    {
        _inner = inner;
        ListWatch = new ListWatch<T>(ListAsync, WatchAsync, inner.Description);
    }

    public ListWatch<T> ListWatch { get; }

    public int Lists => Volatile.Read(ref _lists);

    /// <summary>Completes when a watch is waiting at the closed gate.</summary>
    public TaskCompletionSource WatchWaiting { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Breaks the running watch; the informer's next watch waits for <see cref="Open"/>, then starts with <paramref name="error"/> if given.</summary>
    public void Break(V1Status? error = null)
    {
        WatchWaiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _injectError = error;
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var old = _break;
        _break = new CancellationTokenSource();
        old.Cancel();
    }

    public void Open() => _gate?.TrySetResult();

    private Task<(IReadOnlyList<T> Items, string ResourceVersion)> ListAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lists);
        return _inner.ListAsync(cancellationToken);
    }

    private async IAsyncEnumerable<WatchEvent<T>> WatchAsync(string resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (_gate is { } gate)
        {
            WatchWaiting.TrySetResult();
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (Interlocked.Exchange(ref _injectError, null) is { } error)
        {
            yield return new WatchEvent<T>(WatchEventType.Error, null, error);
            yield break;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _break.Token);
        await foreach (var watchEvent in _inner.WatchAsync(resourceVersion, linked.Token))
        {
            yield return watchEvent;
        }
    }
}
