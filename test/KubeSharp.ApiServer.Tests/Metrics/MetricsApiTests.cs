using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using KubeSharp.ApiServer.Tests.Integration;

namespace KubeSharp.ApiServer.Tests.Metrics;

/// <summary>metrics.k8s.io served by the API server from a (fake) kubelet's /stats/summary, as kubectl top reads it.</summary>
public sealed class MetricsApiTests(ApiServerFixture api) : IClassFixture<ApiServerFixture>, IAsyncLifetime
{
    private const string Group = "/apis/metrics.k8s.io/v1beta1";
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..6];
    private FakeKubelet _kubelet = null!;

    public async Task InitializeAsync() => _kubelet = await FakeKubelet.StartAsync(MetricsConversionTests.Summary);

    public async Task DisposeAsync() => await _kubelet.DisposeAsync();

    [Fact]
    public async Task Discovery_GroupListAndResourceList_ListMetricsGroup()
    {
        var (_, groups, _) = await api.SendAsync(HttpMethod.Get, "/apis");
        var group = groups!["groups"]!.AsArray().Single(g => g!["name"]!.GetValue<string>() == "metrics.k8s.io")!;
        Assert.Equal("metrics.k8s.io/v1beta1", group["preferredVersion"]!["groupVersion"]!.GetValue<string>());

        var (status, list, _) = await api.SendAsync(HttpMethod.Get, Group);
        Assert.Equal(HttpStatusCode.OK, status);
        var resources = list!["resources"]!.AsArray().ToDictionary(r => r!["name"]!.GetValue<string>());
        Assert.Equal("NodeMetrics", resources["nodes"]!["kind"]!.GetValue<string>());
        Assert.False(resources["nodes"]!["namespaced"]!.GetValue<bool>());
        Assert.Equal("PodMetrics", resources["pods"]!["kind"]!.GetValue<string>());
        Assert.True(resources["pods"]!["namespaced"]!.GetValue<bool>());
        Assert.Equal(["get", "list"], resources["pods"]!["verbs"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public async Task Discovery_Aggregated_ListsMetricsGroup()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/apis");
        request.Headers.TryAddWithoutValidation("Accept", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json");
        using var response = await api.Client.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var group = body["items"]!.AsArray().Single(i => i!["metadata"]!["name"]?.GetValue<string>() == "metrics.k8s.io")!;
        var resources = group["versions"]![0]!["resources"]!.AsArray();
        Assert.Equal(["nodes", "pods"], resources.Select(r => r!["resource"]!.GetValue<string>()));
        Assert.Equal("PodMetrics", resources[1]!["responseKind"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Nodes_ListBySelector_ReachableNodesOnly()
    {
        await CreateNodeAsync("m-up-" + _suffix, _kubelet.Port);
        await CreateNodeAsync("m-down-" + _suffix, ClosedPort());

        var (status, list, _) = await api.SendAsync(HttpMethod.Get, $"{Group}/nodes?labelSelector=test%3D{_suffix}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("NodeMetricsList", list!["kind"]!.GetValue<string>());
        var item = Assert.Single(list["items"]!.AsArray())!;
        Assert.Equal("m-up-" + _suffix, item["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(_suffix, item["metadata"]!["labels"]!["test"]!.GetValue<string>());
        Assert.Equal("2025-01-02T03:04:05Z", item["timestamp"]!.GetValue<string>());
        Assert.Equal("10s", item["window"]!.GetValue<string>());
        Assert.Equal("123456789n", item["usage"]!["cpu"]!.GetValue<string>());
        Assert.Equal("2748420Ki", item["usage"]!["memory"]!.GetValue<string>());
    }

    [Fact]
    public async Task Nodes_GetUnreachableOrMissing_NotFound()
    {
        await CreateNodeAsync("m-gone-" + _suffix, ClosedPort());
        var (status, body, _) = await api.SendAsync(HttpMethod.Get, $"{Group}/nodes/m-gone-{_suffix}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal($"nodemetrics.metrics.k8s.io \"m-gone-{_suffix}\" not found", body!["message"]!.GetValue<string>());

        var (missing, missingBody, _) = await api.SendAsync(HttpMethod.Get, $"{Group}/nodes/nope-{_suffix}");
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Equal($"nodes \"nope-{_suffix}\" not found", missingBody!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Pods_ListAndGet_RunningPodsWithRates()
    {
        var node = "m-pods-" + _suffix;
        var ns = "m-" + _suffix;
        await CreateNodeAsync(node, _kubelet.Port);
        var (nsStatus, _, _) = await api.SendAsync(HttpMethod.Post, "/api/v1/namespaces", $$$"""{"metadata":{"name":"{{{ns}}}"}}""");
        Assert.Equal(HttpStatusCode.Created, nsStatus);
        // The canned summary names namespace "default": the pods under test live there with unique labels.
        await CreatePodAsync("default", "web", node, "Running");
        await CreatePodAsync("default", "fresh", node, "Running");

        var (status, list, _) = await api.SendAsync(HttpMethod.Get, $"/apis/metrics.k8s.io/v1beta1/namespaces/default/pods?labelSelector=test%3D{_suffix}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("PodMetricsList", list!["kind"]!.GetValue<string>());
        var item = Assert.Single(list["items"]!.AsArray())!;
        Assert.Equal("web", item["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("default", item["metadata"]!["namespace"]!.GetValue<string>());
        Assert.Equal("""[{"name":"app","usage":{"cpu":"250001n","memory":"1234567"}},{"name":"sidecar","usage":{"cpu":"3m","memory":"1Mi"}}]""",
            item["containers"]!.ToJsonString());

        var (getStatus, get, _) = await api.SendAsync(HttpMethod.Get, $"{Group}/namespaces/default/pods/web");
        Assert.Equal(HttpStatusCode.OK, getStatus);
        Assert.Equal("PodMetrics", get!["kind"]!.GetValue<string>());

        var (freshStatus, fresh, _) = await api.SendAsync(HttpMethod.Get, $"{Group}/namespaces/default/pods/fresh");
        Assert.Equal(HttpStatusCode.NotFound, freshStatus);
        Assert.Equal("podmetrics.metrics.k8s.io \"default/fresh\" not found", fresh!["message"]!.GetValue<string>());

        var (emptyStatus, empty, _) = await api.SendAsync(HttpMethod.Get, $"{Group}/namespaces/{ns}/pods");
        Assert.Equal(HttpStatusCode.OK, emptyStatus);
        Assert.Empty(empty!["items"]!.AsArray());
    }

    [Fact]
    public async Task Write_Create_MethodNotAllowed()
    {
        var (status, _, _) = await api.SendAsync(HttpMethod.Post, $"{Group}/nodes", """{"metadata":{"name":"x"}}""");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, status);
    }

    private async Task CreateNodeAsync(string name, int port)
    {
        var (status, body, _) = await api.SendAsync(HttpMethod.Post, "/api/v1/nodes",
            """{"apiVersion":"v1","kind":"Node","metadata":{"name":""" + $"\"{name}\"" + ""","labels":{"test":""" + $"\"{_suffix}\"" + "}}}");
        Assert.True(status == HttpStatusCode.Created, body?.ToJsonString());
        var patch = """{"status":{"addresses":[{"type":"InternalIP","address":"127.0.0.1"}],"daemonEndpoints":{"kubeletEndpoint":{"Port":"""
            + port.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}}}}";
        (status, body, _) = await api.SendAsync(HttpMethod.Patch, $"/api/v1/nodes/{name}/status", patch, "application/merge-patch+json");
        Assert.True(status == HttpStatusCode.OK, body?.ToJsonString());
    }

    private async Task CreatePodAsync(string ns, string name, string node, string phase)
    {
        var pod = $$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}","labels":{"test":"{{{_suffix}}}"}},
             "spec":{"nodeName":"{{{node}}}","containers":[{"name":"app","image":"busybox"}]}}
            """;
        var (status, body, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", pod);
        Assert.True(status == HttpStatusCode.Created, body?.ToJsonString());
        (status, body, _) = await api.SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/pods/{name}/status",
            $$$"""{"status":{"phase":"{{{phase}}}"}}""", "application/merge-patch+json");
        Assert.True(status == HttpStatusCode.OK, body?.ToJsonString());
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
