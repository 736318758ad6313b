using System.Net;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Tests.Integration;

/// <summary>The pod writes every replica makes (create, bind, status): what they record and what they check.</summary>
public sealed class PodWritePathTests(ApiServerFixture api) : IClassFixture<ApiServerFixture>
{
    private const string Pod = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"NAME","namespace":"default"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}
        """;

    private async Task<JsonNode> OkAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        var (status, json, _) = await api.SendAsync(method, path, body, contentType);
        Assert.True((int)status is >= 200 and < 300, $"{method} {path}: {(int)status} {json?.ToJsonString()}");
        return json!;
    }

    [Fact]
    public async Task Binding_AssignsNode_LeavesManagedFieldsAsTheyWere()
    {
        var created = await OkAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods", Pod.Replace("NAME", "bound", StringComparison.Ordinal));

        await OkAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods/bound/binding",
            """{"apiVersion":"v1","kind":"Binding","metadata":{"name":"bound"},"target":{"apiVersion":"v1","kind":"Node","name":"node-a"}}""");

        var bound = await OkAsync(HttpMethod.Get, "/api/v1/namespaces/default/pods/bound");
        Assert.Equal("node-a", (string)bound["spec"]!["nodeName"]!);
        Assert.NotEqual((string)created["metadata"]!["resourceVersion"]!, (string)bound["metadata"]!["resourceVersion"]!);
        Assert.True(JsonNode.DeepEquals(created["metadata"]!["managedFields"], bound["metadata"]!["managedFields"]), bound["metadata"]!["managedFields"]?.ToJsonString());
    }

    [Fact]
    public async Task StatusPatch_RecordsStatusManager_AndSameStatusAgainIsNoOp()
    {
        await OkAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods", Pod.Replace("NAME", "running", StringComparison.Ordinal));
        const string Running = """{"status":{"phase":"Running","podIP":"10.0.0.5"}}""";

        var first = await OkAsync(HttpMethod.Patch, "/api/v1/namespaces/default/pods/running/status?fieldManager=kubelet", Running, "application/merge-patch+json");
        var second = await OkAsync(HttpMethod.Patch, "/api/v1/namespaces/default/pods/running/status?fieldManager=kubelet", Running, "application/merge-patch+json");

        Assert.Equal("Running", (string)first["status"]!["phase"]!);
        var entry = first["metadata"]!["managedFields"]!.AsArray().Single(e => (string)e!["manager"]! == "kubelet")!;
        Assert.Equal("status", (string)entry["subresource"]!);
        Assert.Equal((string)first["metadata"]!["resourceVersion"]!, (string)second["metadata"]!["resourceVersion"]!);
    }

    [Fact]
    public async Task StatusPatch_WrongJsonType_BadRequest()
    {
        await OkAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods", Pod.Replace("NAME", "typed", StringComparison.Ordinal));

        var (status, json, _) = await api.SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default/pods/typed/status",
            """{"status":{"phase":5}}""", "application/merge-patch+json");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("cannot be handled as a Pod", (string)json!["message"]!, StringComparison.Ordinal);
    }
}
