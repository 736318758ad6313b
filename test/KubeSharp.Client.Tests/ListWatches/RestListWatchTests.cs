using k8s;
using k8s.Models;

namespace KubeSharp.Client.Tests.ListWatches;

public sealed class RestListWatchTests
{
    [Fact]
    public async Task WatchAsync_EventsInEitherPropertyOrder_ReadsTypedObjectsAndErrors()
    {
        var stream = string.Join('\n',
            """{"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"5","creationTimestamp":"2026-01-02T03:04:05Z"},"data":{"k":"v"}}}""",
            """{"object":{"metadata":{"name":"b"}},"type":"MODIFIED"}""",
            "",
            """{"type":"BOOKMARK","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"resourceVersion":"9"}}}""",
            """{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","code":410,"reason":"Expired"}}""");
        var listWatch = ListWatch.For<V1ConfigMap, V1ConfigMapList>(Client(stream), "", "v1", "configmaps", "default");

        var events = new List<WatchEvent<V1ConfigMap>>();
        await foreach (var e in listWatch.WatchAsync("1", CancellationToken.None))
        {
            events.Add(e);
        }

        Assert.Equal([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Bookmark, WatchEventType.Error], events.Select(e => e.Type));
        Assert.Equal(("a", "v", "ConfigMap", "v1"), (events[0].Object!.Metadata.Name, events[0].Object!.Data["k"], events[0].Object!.Kind, events[0].Object!.ApiVersion));
        Assert.Equal(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), events[0].Object!.Metadata.CreationTimestamp!.Value.ToUniversalTime());
        Assert.Equal("b", events[1].Object!.Metadata.Name);
        Assert.Equal("9", events[2].Object!.Metadata.ResourceVersion);
        Assert.Equal((410, "Expired"), (events[3].Status!.Code, events[3].Status!.Reason));
    }

    [Fact]
    public async Task ListAsync_OnePage_ReadsItemsWithKind()
    {
        var body = """{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"12"},"items":[{"metadata":{"name":"a"}},{"metadata":{"name":"b"}}]}""";
        var listWatch = ListWatch.For<V1ConfigMap, V1ConfigMapList>(Client(body), "", "v1", "configmaps", "default");

        var (items, resourceVersion) = await listWatch.ListAsync(CancellationToken.None);

        Assert.Equal(["a", "b"], items.Select(i => i.Metadata.Name));
        Assert.All(items, i => Assert.Equal("ConfigMap", i.Kind));
        Assert.Equal("12", resourceVersion);
    }

    [Fact]
    public async Task WatchAndList_ObjectsWithManagedFields_ReadWithoutThemAndKeepTheRest()
    {
        const string Pod = """{"metadata":{"name":"p","labels":{"app":"x"},"managedFields":[{"manager":"kubectl","operation":"Update","apiVersion":"v1","time":"2026-01-02T03:04:05Z","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{".":{},"f:app":{}}}}}],"resourceVersion":"7"},"spec":{"nodeName":"n1"}}""";
        var watch = ListWatch.For<V1Pod, V1PodList>(Client($$"""{"type":"ADDED","object":{{Pod}}}"""), "", "v1", "pods");
        var list = ListWatch.For<V1Pod, V1PodList>(Client($$"""{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"8"},"items":[{{Pod}}]}"""), "", "v1", "pods");

        var watched = new List<V1Pod>();
        await foreach (var e in watch.WatchAsync("1", CancellationToken.None))
        {
            watched.Add(e.Object!);
        }

        var (listed, _) = await list.ListAsync(CancellationToken.None);
        foreach (var pod in watched.Concat(listed))
        {
            Assert.Null(pod.Metadata.ManagedFields);
            Assert.Equal(("p", "x", "7", "n1"), (pod.Metadata.Name, pod.Metadata.Labels["app"], pod.Metadata.ResourceVersion, pod.Spec.NodeName));
        }

        Assert.Equal(2, watched.Count + listed.Count);
        Assert.NotNull(KubernetesJson.Deserialize<V1Pod>(Pod).Metadata.ManagedFields);
    }

    private static Kubernetes Client(string body) =>
        new(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" }, new CannedResponseHandler(body));
}
