using k8s;
using k8s.Models;
using KubeSharp.Controllers.EndpointSlice;
using KubeSharp.Controllers.Runtime;
using KubeSharp.Controllers.Tests.Endpoints;

namespace KubeSharp.Controllers.Tests.EndpointSlice;

[Collection(ServerCollection.Name)]
public sealed class EndpointSliceControllerTests(ServerFixture fixture)
{
    private IKubernetes Client => fixture.Client;

    private Task<ControllerHarness> StartAsync() =>
        ControllerHarness.StartAsync(Client, TimeProvider.System, new ControllerManagerOptions { LeaderElect = false }, c => new EndpointSliceController(c));

    private async Task<IList<V1EndpointSlice>?> SlicesAsync(string ns, string service) =>
        (await Client.DiscoveryV1.ListNamespacedEndpointSliceAsync(ns, labelSelector: $"kubernetes.io/service-name={service}")).Items;

    [Fact]
    public async Task Sync_SelectedPods_CreatesOwnedSliceWithConditionsNodeAndZone()
    {
        var ns = await fixture.CreateNamespaceAsync();
        var node = "zn-" + ns;
        await Client.CoreV1.CreateNodeAsync(new V1Node
        {
            Metadata = new V1ObjectMeta { Name = node, Labels = new Dictionary<string, string> { ["topology.kubernetes.io/zone"] = "zone-1" } },
        });
        await using var harness = await StartAsync();
        await TestObjects.CreateRunningPodAsync(Client, ns, "a", "10.6.0.1", ready: true, node: node);
        await TestObjects.CreateRunningPodAsync(Client, ns, "b", "10.6.0.2", ready: false, node: node);
        var service = await TestObjects.CreateServiceAsync(Client, ns, "web", labels: new Dictionary<string, string> { ["team"] = "x" });

        var slices = await Eventually.GetAsync(() => SlicesAsync(ns, "web"), s => s.Count == 1 && s[0].Endpoints?.Count == 2, "one slice with two endpoints");

        var slice = slices[0];
        Assert.StartsWith("web-", slice.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal("IPv4", slice.AddressType);
        Assert.Equal("endpointslice-controller.k8s.io", slice.Metadata.Labels["endpointslice.kubernetes.io/managed-by"]);
        Assert.Equal("x", slice.Metadata.Labels["team"]);
        var owner = Assert.Single(slice.Metadata.OwnerReferences);
        Assert.Equal(("Service", "web", service.Metadata.Uid, true), (owner.Kind, owner.Name, owner.Uid, owner.Controller == true));
        var port = Assert.Single(slice.Ports);
        Assert.Equal(("http", 8080, "TCP"), (port.Name, port.Port, port.Protocol));
        var a = Assert.Single(slice.Endpoints, e => e.TargetRef.Name == "a");
        Assert.Equal(["10.6.0.1"], a.Addresses);
        Assert.Equal((true, true, false), (a.Conditions.Ready, a.Conditions.Serving, a.Conditions.Terminating));
        Assert.Equal(node, a.NodeName);
        Assert.Equal("zone-1", a.Zone);
        var b = Assert.Single(slice.Endpoints, e => e.TargetRef.Name == "b");
        Assert.Equal((false, false, false), (b.Conditions.Ready, b.Conditions.Serving, b.Conditions.Terminating));
    }

    [Fact]
    public async Task Sync_PodChangesThenServiceDeleted_UpdatesSliceInPlaceThenDeletesIt()
    {
        var ns = await fixture.CreateNamespaceAsync();
        await using var harness = await StartAsync();
        var pod = await TestObjects.CreateRunningPodAsync(Client, ns, "a", "10.7.0.1", ready: false);
        await TestObjects.CreateServiceAsync(Client, ns, "web");
        var first = (await Eventually.GetAsync(() => SlicesAsync(ns, "web"), s => s.Count == 1 && s[0].Endpoints?.Count == 1, "slice"))[0];

        await TestObjects.SetStatusAsync(Client, pod, "10.7.0.1", ready: true);
        var updated = (await Eventually.GetAsync(() => SlicesAsync(ns, "web"),
            s => s.Count == 1 && s[0].Endpoints?.SingleOrDefault()?.Conditions.Ready == true, "ready endpoint"))[0];
        Assert.Equal(first.Metadata.Name, updated.Metadata.Name);

        await Client.CoreV1.DeleteNamespacedServiceAsync("web", ns);
        await Eventually.GetAsync(() => SlicesAsync(ns, "web"), s => s.Count == 0, "slices deleted");
    }

    [Fact]
    public async Task Sync_NoPodsThenPodsWithTwoPortSets_PlaceholderThenOneSlicePerPortSet()
    {
        var ns = await fixture.CreateNamespaceAsync();
        await using var harness = await StartAsync();
        await TestObjects.CreateServiceAsync(Client, ns, "web", ports: [new V1ServicePort { Name = "http", Port = 80, TargetPort = "web" }]);
        var placeholder = await Eventually.GetAsync(() => SlicesAsync(ns, "web"), s => s.Count == 1, "placeholder");
        Assert.Empty(placeholder[0].Endpoints ?? []);
        Assert.Empty(placeholder[0].Ports ?? []);

        await TestObjects.CreateRunningPodAsync(Client, ns, "a", "10.8.0.1", ready: true, ports: [new() { Name = "web", ContainerPort = 9000 }]);
        await TestObjects.CreateRunningPodAsync(Client, ns, "b", "10.8.0.2", ready: true, ports: [new() { Name = "web", ContainerPort = 9001 }]);

        var slices = await Eventually.GetAsync(() => SlicesAsync(ns, "web"), s => s.Count == 2 && s.All(x => x.Endpoints?.Count == 1), "two slices");
        Assert.Equal([9000, 9001], slices.Select(s => s.Ports.Single().Port ?? 0).Order());
    }
}
