using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Client.Tests.Integration;

[Collection(ServerCollection.Name)]
public sealed class EventRecorderTests(ClientServerFixture fixture)
{
    [Fact]
    public async Task Event_RepeatedThreeTimes_OneEventWithCountThree()
    {
        var ns = await fixture.CreateNamespaceAsync();
        var configMap = await fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cm", NamespaceProperty = ns } }, ns);
        await using var recorder = new EventRecorder(fixture.Client, "test-controller", TimeProvider.System, NullLogger.Instance, "host-1");

        recorder.Event(configMap, EventRecorder.Normal, "Synced", "synced it");
        recorder.Event(configMap, EventRecorder.Normal, "Synced", "synced it");
        recorder.Event(configMap, EventRecorder.Normal, "Synced", "synced it");
        recorder.Event(configMap, EventRecorder.Warning, "Failed", "it broke");
        await recorder.FlushAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        var events = (await fixture.Client.CoreV1.ListNamespacedEventAsync(ns)).Items;
        Assert.Equal(2, events.Count);
        var synced = Assert.Single(events, e => e.Reason == "Synced");
        Assert.Equal(3, synced.Count);
        Assert.Equal("Normal", synced.Type);
        Assert.Equal("synced it", synced.Message);
        Assert.StartsWith("cm.", synced.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal("ConfigMap", synced.InvolvedObject.Kind);
        Assert.Equal("v1", synced.InvolvedObject.ApiVersion);
        Assert.Equal("cm", synced.InvolvedObject.Name);
        Assert.Equal(ns, synced.InvolvedObject.NamespaceProperty);
        Assert.Equal(configMap.Metadata.Uid, synced.InvolvedObject.Uid);
        Assert.Equal(configMap.Metadata.ResourceVersion, synced.InvolvedObject.ResourceVersion);
        Assert.Equal("test-controller", synced.Source.Component);
        Assert.Equal("host-1", synced.Source.Host);
        Assert.Equal("test-controller", synced.ReportingComponent);
        Assert.NotNull(synced.FirstTimestamp);
        Assert.NotNull(synced.LastTimestamp);
        var failed = Assert.Single(events, e => e.Reason == "Failed");
        Assert.Equal(1, failed.Count);
        Assert.Equal("Warning", failed.Type);
    }

    [Fact]
    public async Task Event_ClusterScopedObjectWithoutKind_WrittenToDefaultNamespaceWithKindFromType()
    {
        var node = new V1Node { Metadata = new V1ObjectMeta { Name = "node-" + Guid.NewGuid().ToString("N")[..8], Uid = Guid.NewGuid().ToString() } };
        await using var recorder = new EventRecorder(fixture.Client, "test-controller", TimeProvider.System, NullLogger.Instance);

        recorder.Event(node, EventRecorder.Normal, "Registered", "node registered");
        await recorder.FlushAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        var events = (await fixture.Client.CoreV1.ListNamespacedEventAsync("default")).Items;
        var registered = Assert.Single(events, e => e.InvolvedObject.Name == node.Metadata.Name);
        Assert.Equal("Node", registered.InvolvedObject.Kind);
        Assert.Equal("v1", registered.InvolvedObject.ApiVersion);
    }
}
