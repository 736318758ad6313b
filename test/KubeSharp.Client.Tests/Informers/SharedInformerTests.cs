using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Client.Tests.Informers;

public sealed class SharedInformerTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task RunAsync_ExpiredWatch_RelistEmitsOnlyRealChanges()
    {
        var script = new ScriptedListWatch();
        script.Items.AddRange([ScriptedListWatch.ConfigMap("same", "10"), ScriptedListWatch.ConfigMap("changed", "11"), ScriptedListWatch.ConfigMap("gone", "12")]);
        var informer = new SharedInformer<V1ConfigMap>(script.ListWatch, _time, NullLogger.Instance);
        var recorder = new HandlerRecorder<V1ConfigMap>();
        recorder.Attach(informer);
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        script.Items.Clear();
        script.Items.AddRange([ScriptedListWatch.ConfigMap("same", "10"), ScriptedListWatch.ConfigMap("changed", "20"), ScriptedListWatch.ConfigMap("new", "21")]);
        script.ResourceVersion = "21";
        script.Send(new WatchEvent<V1ConfigMap>(WatchEventType.Error, null, new V1Status { Code = 410, Reason = "Expired" }));

        await recorder.WaitUntilAsync(events => events.Count >= 6);
        Assert.Equal(["add ns/same:10", "add ns/changed:11", "add ns/gone:12", "update ns/changed:20", "add ns/new:21", "delete ns/gone:12"],
            recorder.Events.Select(e => $"{e.Type} {e.Key}:{e.ResourceVersion}"));
        Assert.Equal(2, script.Lists);
        Assert.Equal("21", informer.LastSyncResourceVersion);

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task RunAsync_HandlerThrows_OtherHandlersAndStoreStillUpdated()
    {
        var script = new ScriptedListWatch();
        var informer = new SharedInformer<V1ConfigMap>(script.ListWatch, _time, NullLogger.Instance);
        informer.AddEventHandler(_ => throw new InvalidOperationException("broken handler"), null, null);
        var recorder = new HandlerRecorder<V1ConfigMap>();
        recorder.Attach(informer);
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        script.Send(new WatchEvent<V1ConfigMap>(WatchEventType.Added, ScriptedListWatch.ConfigMap("a", "2"), null));
        script.Send(new WatchEvent<V1ConfigMap>(WatchEventType.Bookmark, ScriptedListWatch.ConfigMap("", "5"), null));
        script.Send(new WatchEvent<V1ConfigMap>(WatchEventType.Modified, ScriptedListWatch.ConfigMap("a", "6"), null));

        await recorder.WaitUntilAsync(events => events.Count == 2);
        Assert.Equal(["add ns/a", "update ns/a"], recorder.Events.Select(e => $"{e.Type} {e.Key}"));
        Assert.Equal("6", informer.Indexer.GetByKey("ns/a")?.Metadata.ResourceVersion);
        Assert.Null(informer.Indexer.GetByKey("ns/"));

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
