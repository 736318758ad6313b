using k8s;
using k8s.Models;

namespace KubeSharp.Client.Tests.Integration;

[Collection(ServerCollection.Name)]
public sealed class ListWatchTests(ClientServerFixture fixture)
{
    [Fact]
    public async Task ListAsync_MoreThanOnePage_ReturnsAllItemsWithKind()
    {
        var ns = await fixture.CreateNamespaceAsync();
        await Task.WhenAll(Enumerable.Range(0, 520).Select(i => fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = $"cm-{i}", NamespaceProperty = ns } }, ns)));
        var listWatch = ListWatch.For<V1ConfigMap, V1ConfigMapList>(fixture.Client, "", "v1", "configmaps", ns);

        var (items, resourceVersion) = await listWatch.ListAsync(CancellationToken.None);

        Assert.Equal(520, items.Select(c => c.Metadata.Name).Distinct().Count());
        Assert.All(items, c => Assert.Equal(("ConfigMap", "v1"), (c.Kind, c.ApiVersion)));
        Assert.NotEmpty(resourceVersion);
    }

    [Fact]
    public async Task WatchAsync_ManyConcurrentWatchesOnOneClient_AllSeeTheChange()
    {
        const int watches = 150;
        var ns = await fixture.CreateNamespaceAsync();
        var listWatch = ListWatch.For<V1ConfigMap, V1ConfigMapList>(fixture.Client, "", "v1", "configmaps", ns, labelSelector: "app=watched");
        var (_, resourceVersion) = await listWatch.ListAsync(CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var seen = Enumerable.Range(0, watches).Select(_ => FirstAddedAsync(listWatch, resourceVersion, timeout.Token)).ToList();
        await fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "ignored", NamespaceProperty = ns, Labels = new Dictionary<string, string> { ["app"] = "other" } },
        }, ns);
        await fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "watched", NamespaceProperty = ns, Labels = new Dictionary<string, string> { ["app"] = "watched" } },
        }, ns);

        var names = await Task.WhenAll(seen);
        Assert.All(names, n => Assert.Equal("watched", n));
    }

    private static async Task<string> FirstAddedAsync(ListWatch<V1ConfigMap> listWatch, string resourceVersion, CancellationToken cancellationToken)
    {
        await foreach (var watchEvent in listWatch.WatchAsync(resourceVersion, cancellationToken))
        {
            if (watchEvent.Type == WatchEventType.Added)
            {
                return watchEvent.Object!.Metadata.Name;
            }
        }

        return "";
    }
}
