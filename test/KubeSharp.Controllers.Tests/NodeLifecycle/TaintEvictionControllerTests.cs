using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Controllers.NodeLifecycle;
using KubeSharp.Controllers.Runtime;
using KubeSharp.Controllers.Tests.Endpoints;
using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Controllers.Tests.NodeLifecycle;

[Collection(ServerCollection.Name)]
public sealed class TaintEvictionControllerTests(ServerFixture fixture)
{
    private IKubernetes Client => fixture.Client;

    private async Task<V1Pod?> TryGetPodAsync(string ns, string name)
    {
        try
        {
            return await Client.CoreV1.ReadNamespacedPodAsync(name, ns);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private async Task<bool> GoneAsync(string ns, string name) => await TryGetPodAsync(ns, name) is not { Metadata.DeletionTimestamp: null };

    [Fact]
    public async Task Sync_NoExecuteTaint_EvictsIntolerantPodAtOnceAndTolerantPodAfterItsSeconds()
    {
        var ns = await fixture.CreateNamespaceAsync();
        var nodeName = "te-" + ns;
        var start = new DateTimeOffset(NodeHealth.Whole(DateTimeOffset.UtcNow));
        var time = new FakeTimeProvider(start);
        await NodeLifecycleControllerTests.CreateReadyNodeAsync(Client, nodeName, start.UtcDateTime,
            [new V1Taint { Key = "example.com/bad", Effect = "NoExecute", TimeAdded = start.UtcDateTime }]);
        await TestObjects.CreateRunningPodAsync(Client, ns, "intolerant", "10.10.0.1", ready: true, node: nodeName);
        await TestObjects.CreateRunningPodAsync(Client, ns, "for-30s", "10.10.0.2", ready: true, node: nodeName, customize: s =>
            s.Tolerations = [new V1Toleration { Key = "example.com/bad", OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = 30 }]);
        await TestObjects.CreateRunningPodAsync(Client, ns, "forever", "10.10.0.3", ready: true, node: nodeName, customize: s =>
            s.Tolerations = [new V1Toleration { Key = "example.com/bad", OperatorProperty = "Exists", Effect = "NoExecute" }]);
        await using var harness = await ControllerHarness.StartAsync(Client, time, new ControllerManagerOptions { LeaderElect = false },
            c => new TaintEvictionController(c));

        await Eventually.GetAsync(async () => await GoneAsync(ns, "intolerant") ? "gone" : null, _ => true, "intolerant pod evicted");
        Assert.False(await GoneAsync(ns, "for-30s"));

        time.Advance(TimeSpan.FromSeconds(31));

        await Eventually.GetAsync(async () => await GoneAsync(ns, "for-30s") ? "gone" : null, _ => true, "tolerant pod evicted after 30 s");
        Assert.False(await GoneAsync(ns, "forever"));
        await harness.FlushEventsAsync();
        var events = await Client.CoreV1.ListNamespacedEventAsync(ns, fieldSelector: "involvedObject.name=intolerant");
        var evicted = Assert.Single(events.Items, e => e.Reason == "TaintManagerEviction");
        Assert.Equal($"Marking for deletion Pod {ns}/intolerant", evicted.Message);
    }
}
