using System.Net;
using System.Text.Json.Nodes;
using KubeSharp.ApiServer.Proxy;
using KubeSharp.ApiServer.Tests.Integration;

namespace KubeSharp.ApiServer.Tests.Proxy;

/// <summary>pods/log, pods/exec and nodes/proxy checks the API server makes before it contacts any kubelet.</summary>
public sealed class PodConnectSubresourceTests(ApiServerFixture api) : IClassFixture<ApiServerFixture>
{
    private const string Pods = "/api/v1/namespaces/default/pods";

    [Fact]
    public async Task Log_SeveralContainersNoneNamed_BadRequestListingThem()
    {
        await CreatePodAsync("two-a", "init", "a", "b");
        var (status, body, _) = await api.SendAsync(HttpMethod.Get, $"{Pods}/two-a/log");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("a container name must be specified for pod two-a, choose one of: [init a b]", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Log_UnknownContainer_BadRequest()
    {
        await CreatePodAsync("two-b", null, "a", "b");
        var (status, body, _) = await api.SendAsync(HttpMethod.Get, $"{Pods}/two-b/log?container=x");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("container x is not valid for pod two-b", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Log_MalformedOrOutOfRangeParameters_BadRequestOrInvalid()
    {
        await CreatePodAsync("one-a", null, "a");
        var (malformed, _, _) = await api.SendAsync(HttpMethod.Get, $"{Pods}/one-a/log?tailLines=abc");
        Assert.Equal(HttpStatusCode.BadRequest, malformed);
        var (negative, body, _) = await api.SendAsync(HttpMethod.Get, $"{Pods}/one-a/log?tailLines=-1");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, negative);
        Assert.Equal("PodLogOptions", body!["details"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Log_PodNotScheduled_EmptyLog()
    {
        await CreatePodAsync("one-b", null, "a");
        var (status, _, response) = await api.SendAsync(HttpMethod.Get, $"{Pods}/one-b/log");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Exec_PodNotScheduled_BadRequest()
    {
        await CreatePodAsync("one-c", null, "a");
        var (status, body, _) = await api.SendAsync(HttpMethod.Post, $"{Pods}/one-c/exec?command=ls&stdout=true");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("pod one-c does not have a host assigned", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Exec_NoCommand_BadRequest()
    {
        await CreatePodAsync("one-d", null, "a");
        var (status, body, _) = await api.SendAsync(HttpMethod.Post, $"{Pods}/one-d/exec?stdout=true");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("you must specify at least 1 command", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public void EndpointOf_NodeStatus_InternalIpAndKubeletPort()
    {
        var node = JsonNode.Parse("""
            {"metadata":{"name":"n"},"status":{"addresses":[{"type":"Hostname","address":"n"},{"type":"InternalIP","address":"10.0.0.5"}],
             "daemonEndpoints":{"kubeletEndpoint":{"Port":12345}}}}
            """)!.AsObject();
        Assert.Equal(("10.0.0.5", 12345), KubeletConnector.EndpointOf(node));
        Assert.Equal(("n", 10250), KubeletConnector.EndpointOf(JsonNode.Parse("""{"status":{"addresses":[{"type":"Hostname","address":"n"}]}}""")!.AsObject()));
    }

    private async Task CreatePodAsync(string name, string? init, params string[] containers)
    {
        var spec = new JsonObject
        {
            ["containers"] = new JsonArray([.. containers.Select(c => (JsonNode?)new JsonObject { ["name"] = c, ["image"] = "busybox" })]),
        };
        if (init is not null)
        {
            spec["initContainers"] = new JsonArray(new JsonObject { ["name"] = init, ["image"] = "busybox" });
        }

        var pod = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = spec };
        var (status, body, _) = await api.SendAsync(HttpMethod.Post, Pods, pod.ToJsonString());
        Assert.True(status == HttpStatusCode.Created, body?.ToJsonString());
    }
}
