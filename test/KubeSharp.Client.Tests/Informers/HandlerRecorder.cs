using k8s;
using k8s.Models;

namespace KubeSharp.Client.Tests.Informers;

/// <summary>Records informer handler calls and lets a test wait for a condition on them.</summary>
internal sealed class HandlerRecorder<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly Lock _lock = new();
    private readonly List<RecordedEvent> _events = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Attach(SharedInformer<T> informer) =>
        informer.AddEventHandler(
            o => Record(new RecordedEvent("add", Keys.For(o), o.Metadata.ResourceVersion)),
            (old, current) => Record(new RecordedEvent("update", Keys.For(current), current.Metadata.ResourceVersion, ReferenceEquals(old, current))),
            o => Record(new RecordedEvent("delete", Keys.For(o), o.Metadata.ResourceVersion)));

    public IReadOnlyList<RecordedEvent> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    public async Task WaitUntilAsync(Func<IReadOnlyList<RecordedEvent>, bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (condition(_events))
                {
                    return;
                }

                changed = _changed.Task;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                Assert.Fail("Timed out; events so far: " + string.Join(", ", Events));
            }

            await Task.WhenAny(changed, Task.Delay(left));
        }
    }

    private void Record(RecordedEvent recorded)
    {
        lock (_lock)
        {
            _events.Add(recorded);
            _changed.TrySetResult();
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }
}
