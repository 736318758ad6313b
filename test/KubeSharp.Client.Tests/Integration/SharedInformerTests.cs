using k8s;
using k8s.Models;
using KubeSharp.Client.Tests.Informers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Client.Tests.Integration;

[Collection(ServerCollection.Name)]
public sealed class SharedInformerTests(ClientServerFixture fixture)
{
    private IKubernetes Client => fixture.Client;

    [Fact]
    public async Task RunAsync_ObjectsChange_HandlersSeeAddsUpdatesDeletes()
    {
        var ns = await fixture.CreateNamespaceAsync();
        await CreateConfigMapAsync(ns, "a");
        var informer = new SharedInformer<V1ConfigMap>(ConfigMaps(ns), TimeProvider.System, NullLogger.Instance);
        var recorder = new HandlerRecorder<V1ConfigMap>();
        recorder.Attach(informer);
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);

        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(informer.HasSynced);
        Assert.Contains(recorder.Events, e => e is { Type: "add", Key: var k } && k == $"{ns}/a");

        await CreateConfigMapAsync(ns, "b");
        var a = await Client.CoreV1.ReadNamespacedConfigMapAsync("a", ns);
        a.Data = new Dictionary<string, string> { ["k"] = "changed" };
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(a, "a", ns);
        await Client.CoreV1.DeleteNamespacedConfigMapAsync("b", ns);

        await recorder.WaitUntilAsync(events => events.Any(e => e.Type == "delete" && e.Key == $"{ns}/b"));
        var types = recorder.Events.Select(e => $"{e.Type} {e.Key}").ToList();
        Assert.Equal([$"add {ns}/a", $"add {ns}/b", $"update {ns}/a", $"delete {ns}/b"], types);
        Assert.Equal("changed", informer.Indexer.GetByKey($"{ns}/a")?.Data["k"]);
        Assert.Null(informer.Indexer.GetByKey($"{ns}/b"));
        Assert.Single(informer.Indexer.ByIndex(Indexes.Namespace, ns));
        Assert.Equal("ConfigMap", informer.Indexer.GetByKey($"{ns}/a")?.Kind);

        var late = new HandlerRecorder<V1ConfigMap>();
        late.Attach(informer);
        Assert.Equal([new RecordedEvent("add", $"{ns}/a", informer.Indexer.GetByKey($"{ns}/a")!.Metadata.ResourceVersion)], late.Events);

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task RunAsync_WatchBrokenAndHistoryCompacted_RelistsAndEmitsDiffs()
    {
        var ns = await fixture.CreateNamespaceAsync();
        await CreateConfigMapAsync(ns, "a");
        await CreateConfigMapAsync(ns, "b");
        var listWatch = new BreakableListWatch<V1ConfigMap>(ConfigMaps(ns));
        var informer = new SharedInformer<V1ConfigMap>(listWatch.ListWatch, TimeProvider.System, NullLogger.Instance);
        var recorder = new HandlerRecorder<V1ConfigMap>();
        recorder.Attach(informer);
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        listWatch.Break();
        await listWatch.WatchWaiting.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var a = await Client.CoreV1.ReadNamespacedConfigMapAsync("a", ns);
        a.Data = new Dictionary<string, string> { ["k"] = "changed" };
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(a, "a", ns);
        await Client.CoreV1.DeleteNamespacedConfigMapAsync("b", ns);
        await CreateConfigMapAsync(ns, "c");
        await fixture.Server.CompactToCurrentAsync(CancellationToken.None);
        listWatch.Open();

        await recorder.WaitUntilAsync(events => events.Count >= 5);
        Assert.Equal(2, listWatch.Lists);
        var afterBreak = recorder.Events.Skip(2).Select(e => $"{e.Type} {e.Key}").Order().ToList();
        Assert.Equal([$"add {ns}/c", $"delete {ns}/b", $"update {ns}/a"], afterBreak);
        Assert.Equal(["a", "c"], informer.Indexer.List().Select(c => c.Metadata.Name).Order());

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task RunAsync_WatchErrorEvent_Relists()
    {
        var ns = await fixture.CreateNamespaceAsync();
        await CreateConfigMapAsync(ns, "a");
        var listWatch = new BreakableListWatch<V1ConfigMap>(ConfigMaps(ns));
        var informer = new SharedInformer<V1ConfigMap>(listWatch.ListWatch, TimeProvider.System, NullLogger.Instance);
        var recorder = new HandlerRecorder<V1ConfigMap>();
        recorder.Attach(informer);
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        listWatch.Break(new V1Status { Code = 500, Reason = "InternalError", Message = "injected" });
        await listWatch.WatchWaiting.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await Client.CoreV1.DeleteNamespacedConfigMapAsync("a", ns);
        listWatch.Open();

        await recorder.WaitUntilAsync(events => events.Any(e => e.Type == "delete"));
        Assert.Equal(2, listWatch.Lists);
        Assert.Empty(informer.Indexer.List());

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task RunAsync_ResyncPeriodPasses_EmitsUpdateWithSameObject()
    {
        var ns = await fixture.CreateNamespaceAsync();
        await CreateConfigMapAsync(ns, "a");
        var time = new FakeTimeProvider();
        var informer = new SharedInformer<V1ConfigMap>(ConfigMaps(ns), time, NullLogger.Instance, TimeSpan.FromMinutes(1));
        var recorder = new HandlerRecorder<V1ConfigMap>();
        recorder.Attach(informer);
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        time.Advance(TimeSpan.FromMinutes(1));

        await recorder.WaitUntilAsync(events => events.Any(e => e.Resync));
        Assert.Contains(recorder.Events, e => e is { Type: "update", Resync: true } && e.Key == $"{ns}/a");

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Factory_PodsTwice_SameInformerWithNodeNameIndex()
    {
        var ns = await fixture.CreateNamespaceAsync();
        await Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = ns },
            Spec = new V1PodSpec { NodeName = "node-1", Containers = [new V1Container { Name = "c", Image = "busybox" }] },
        }, ns);
        var factory = new SharedInformerFactory(Client, TimeProvider.System, NullLoggerFactory.Instance, TimeSpan.Zero);
        var pods = factory.Pods();
        Assert.Same(pods, factory.Pods());
        var leases = factory.Leases(ns);
        using var stop = new CancellationTokenSource();

        await factory.StartAsync(stop.Token);
        await factory.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(leases.HasSynced);
        var onNode = pods.Indexer.ByIndex(Indexes.NodeName, "node-1");
        Assert.Contains(onNode, p => p.Metadata.Name == "p" && p.Metadata.NamespaceProperty == ns);
        await stop.CancelAsync();
        await factory.WhenStoppedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
    }

    private ListWatch<V1ConfigMap> ConfigMaps(string ns) => ListWatch.For<V1ConfigMap, V1ConfigMapList>(Client, "", "v1", "configmaps", ns);

    private Task<V1ConfigMap> CreateConfigMapAsync(string ns, string name) =>
        Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
            Data = new Dictionary<string, string> { ["k"] = "v" },
        }, ns);
}
