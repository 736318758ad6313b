using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Controllers.Endpoints;
using KubeSharp.Controllers.Runtime;

namespace KubeSharp.Controllers.Tests.Endpoints;

[Collection(ServerCollection.Name)]
public sealed class EndpointsControllerTests(ServerFixture fixture)
{
    private IKubernetes Client => fixture.Client;

    private Task<ControllerHarness> StartAsync() =>
        ControllerHarness.StartAsync(Client, TimeProvider.System, new ControllerManagerOptions { LeaderElect = false }, c => new EndpointsController(c));

    private async Task<V1Endpoints?> TryGetAsync(string ns, string name)
    {
        try
        {
            return await Client.CoreV1.ReadNamespacedEndpointsAsync(name, ns);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    [Fact]
    public async Task Sync_ReadyAndNotReadyPods_SplitsAddressesAndResolvesNamedPorts()
    {
        var ns = await fixture.CreateNamespaceAsync();
        await using var harness = await StartAsync();
        var named = new List<V1ContainerPort> { new() { Name = "web", ContainerPort = 9000 } };
        await TestObjects.CreateRunningPodAsync(Client, ns, "a", "10.1.0.1", ready: true, ports: named);
        await TestObjects.CreateRunningPodAsync(Client, ns, "b", "10.1.0.2", ready: false, ports: named);
        await TestObjects.CreateRunningPodAsync(Client, ns, "c", "10.1.0.3", ready: true);
        await TestObjects.CreateRunningPodAsync(Client, ns, "other", "10.1.0.9", ready: true, labels: new Dictionary<string, string> { ["app"] = "db" });
        await TestObjects.CreateServiceAsync(Client, ns, "web", ports: [new V1ServicePort { Name = "http", Port = 80, TargetPort = "web" }],
            labels: new Dictionary<string, string> { ["team"] = "x" });

        var ep = await Eventually.GetAsync(() => TryGetAsync(ns, "web"),
            e => e.Subsets?.Count == 1 && e.Subsets[0].Addresses?.Count == 1 && e.Subsets[0].NotReadyAddresses?.Count == 1, "endpoints web");

        var subset = Assert.Single(ep.Subsets);
        var ready = Assert.Single(subset.Addresses);
        Assert.Equal("10.1.0.1", ready.Ip);
        Assert.Equal("node-a", ready.NodeName);
        Assert.Equal("Pod", ready.TargetRef.Kind);
        Assert.Equal("a", ready.TargetRef.Name);
        Assert.Equal(ns, ready.TargetRef.NamespaceProperty);
        Assert.False(string.IsNullOrEmpty(ready.TargetRef.Uid));
        Assert.Equal("10.1.0.2", Assert.Single(subset.NotReadyAddresses).Ip);
        var port = Assert.Single(subset.Ports);
        Assert.Equal(9000, port.Port);
        Assert.Equal("http", port.Name);
        Assert.Equal("TCP", port.Protocol);
        Assert.Equal("x", ep.Metadata.Labels["team"]);
        Assert.True(ep.Metadata.Annotations.ContainsKey(EndpointsController.LastChangeTriggerTime));
    }

    [Fact]
    public async Task Sync_PodBecomesReadyAndServiceDeleted_UpdatesThenDeletesEndpoints()
    {
        var ns = await fixture.CreateNamespaceAsync();
        await using var harness = await StartAsync();
        var pod = await TestObjects.CreateRunningPodAsync(Client, ns, "a", "10.2.0.1", ready: false);
        await TestObjects.CreateServiceAsync(Client, ns, "web");
        await Eventually.GetAsync(() => TryGetAsync(ns, "web"), e => e.Subsets?.SingleOrDefault()?.NotReadyAddresses?.Count == 1, "not ready address");

        await TestObjects.SetStatusAsync(Client, pod, "10.2.0.1", ready: true);
        var ep = await Eventually.GetAsync(() => TryGetAsync(ns, "web"), e => e.Subsets?.SingleOrDefault()?.Addresses?.Count == 1, "ready address");
        Assert.Null(ep.Subsets[0].NotReadyAddresses);
        Assert.Equal(8080, Assert.Single(ep.Subsets[0].Ports).Port);

        await Client.CoreV1.DeleteNamespacedServiceAsync("web", ns);
        await Eventually.GetAsync(async () => await TryGetAsync(ns, "web") is null ? "gone" : null, _ => true, "endpoints deleted");
    }

    [Fact]
    public async Task Sync_HeadlessWithHostnameAndPublishNotReady_ListsNotReadyPodAsReadyWithHostname()
    {
        var ns = await fixture.CreateNamespaceAsync();
        await using var harness = await StartAsync();
        await TestObjects.CreateRunningPodAsync(Client, ns, "a", "10.3.0.1", ready: false, customize: s =>
        {
            s.Hostname = "web-0";
            s.Subdomain = "web";
        });
        await TestObjects.CreateServiceAsync(Client, ns, "web", ports: [], headless: true, publishNotReady: true);

        var ep = await Eventually.GetAsync(() => TryGetAsync(ns, "web"), e => e.Subsets?.Count == 1, "headless endpoints");

        var address = Assert.Single(ep.Subsets[0].Addresses);
        Assert.Equal("web-0", address.Hostname);
        Assert.Null(ep.Subsets[0].Ports);
        Assert.Equal("", ep.Metadata.Labels[EndpointsController.Headless]);
    }

    [Fact]
    public async Task Sync_PodsWithDifferentNamedPorts_PacksSubsetsByPortSetAndSkipsPodsWithoutThePort()
    {
        var ns = await fixture.CreateNamespaceAsync();
        await using var harness = await StartAsync();
        await TestObjects.CreateRunningPodAsync(Client, ns, "a", "10.4.0.1", ready: true, ports: [new() { Name = "web", ContainerPort = 9000 }]);
        await TestObjects.CreateRunningPodAsync(Client, ns, "b", "10.4.0.2", ready: true, ports: [new() { Name = "web", ContainerPort = 9001 }]);
        await TestObjects.CreateRunningPodAsync(Client, ns, "c", "10.4.0.3", ready: true, ports: [new() { Name = "web", ContainerPort = 9000 }]);
        await TestObjects.CreateRunningPodAsync(Client, ns, "d", "10.4.0.4", ready: true);
        await TestObjects.CreateServiceAsync(Client, ns, "web", ports: [new V1ServicePort { Name = "http", Port = 80, TargetPort = "web" }]);

        var ep = await Eventually.GetAsync(() => TryGetAsync(ns, "web"), e => e.Subsets?.Count == 2, "two subsets");

        var by9000 = Assert.Single(ep.Subsets, s => s.Ports.Single().Port == 9000);
        Assert.Equal(["10.4.0.1", "10.4.0.3"], by9000.Addresses.Select(a => a.Ip));
        var by9001 = Assert.Single(ep.Subsets, s => s.Ports.Single().Port == 9001);
        Assert.Equal("10.4.0.2", Assert.Single(by9001.Addresses).Ip);
    }

    [Fact]
    public async Task Sync_ServiceWithoutSelector_LeavesUserEndpointsAlone()
    {
        var ns = await fixture.CreateNamespaceAsync();
        await using var harness = await StartAsync();
        await Client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "ext" },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80 }] },
        }, ns);
        await Client.CoreV1.CreateNamespacedEndpointsAsync(new V1Endpoints
        {
            Metadata = new V1ObjectMeta { Name = "ext" },
            Subsets = [new V1EndpointSubset { Addresses = [new V1EndpointAddress { Ip = "192.0.2.1" }], Ports = [new Corev1EndpointPort { Port = 80 }] }],
        }, ns);
        // A selector-bearing Service synced after the user's one proves the controller has processed the namespace.
        await TestObjects.CreateRunningPodAsync(Client, ns, "a", "10.5.0.1", ready: true);
        await TestObjects.CreateServiceAsync(Client, ns, "web");
        await Eventually.GetAsync(() => TryGetAsync(ns, "web"), e => e.Subsets?.Count == 1, "endpoints web");

        var ext = await Client.CoreV1.ReadNamespacedEndpointsAsync("ext", ns);
        Assert.Equal("192.0.2.1", ext.Subsets.Single().Addresses.Single().Ip);
        Assert.Null(ext.Metadata.Annotations);
    }
}
