using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Tests.Integration;

/// <summary>The HTTP semantics of a real API server in this process: paging, watch, generateName, allocation, finalizers, subresources, tables.</summary>
public sealed class ApiMachineryTests(ApiServerFixture api) : IClassFixture<ApiServerFixture>
{
    private static string ConfigMap(string name, string ns = "default", string labels = "{}", string extraMetadata = "") =>
        $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}","labels":{{{labels}}}{{{extraMetadata}}}},"data":{"k":"v"}}""";

    private async Task<JsonNode> OkAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        var (status, json, _) = await api.SendAsync(method, path, body, contentType);
        Assert.True((int)status is >= 200 and < 300, $"{method} {path}: {(int)status} {json?.ToJsonString()}");
        return json!;
    }

    [Fact]
    public async Task List_LimitAndContinue_PagesThroughEveryObjectAtOneRevision()
    {
        for (var i = 0; i < 7; i++)
        {
            await OkAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", ConfigMap($"page-{i}", labels: """{"paging":"yes"}"""));
        }

        var names = new List<string>();
        string? token = null;
        string? revision = null;
        var pages = 0;
        do
        {
            var page = await OkAsync(HttpMethod.Get,
                "/api/v1/namespaces/default/configmaps?labelSelector=paging%3Dyes&limit=3" + (token is null ? "" : "&continue=" + Uri.EscapeDataString(token)));
            names.AddRange(page["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
            revision ??= page["metadata"]!["resourceVersion"]!.GetValue<string>();
            Assert.Equal(revision, page["metadata"]!["resourceVersion"]!.GetValue<string>());
            token = page["metadata"]!["continue"]?.GetValue<string>();
            pages++;
        }
        while (!string.IsNullOrEmpty(token));

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"page-{i}"), names);
    }

    [Fact]
    public async Task Watch_FromListRevision_StreamsAddedModifiedDeletedInOrder()
    {
        await OkAsync(HttpMethod.Post, "/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"watching"}}""");
        var list = await OkAsync(HttpMethod.Get, "/api/v1/namespaces/watching/configmaps");
        var rv = list["metadata"]!["resourceVersion"]!.GetValue<string>();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/namespaces/watching/configmaps?watch=1&resourceVersion={rv}&timeoutSeconds=10");
        using var response = await api.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        await OkAsync(HttpMethod.Post, "/api/v1/namespaces/watching/configmaps", ConfigMap("w", "watching"));
        await OkAsync(HttpMethod.Patch, "/api/v1/namespaces/watching/configmaps/w", """{"data":{"k":"changed"}}""", "application/merge-patch+json");
        await OkAsync(HttpMethod.Delete, "/api/v1/namespaces/watching/configmaps/w");

        var events = new List<JsonNode>();
        while (events.Count < 3 && await reader.ReadLineAsync() is { } line)
        {
            events.Add(JsonNode.Parse(line)!);
        }

        Assert.Equal(["ADDED", "MODIFIED", "DELETED"], events.Select(e => e["type"]!.GetValue<string>()));
        Assert.Equal("changed", events[1]["object"]!["data"]!["k"]!.GetValue<string>());
        var revisions = events.Select(e => long.Parse(e["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>())).ToList();
        Assert.Equal(revisions.Order(), revisions);
        Assert.True(revisions[0] > long.Parse(rv));
    }

    [Fact]
    public async Task Watch_SendInitialEvents_EndsInitialStateWithBookmark()
    {
        await OkAsync(HttpMethod.Post, "/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"initial"}}""");
        await OkAsync(HttpMethod.Post, "/api/v1/namespaces/initial/configmaps", ConfigMap("one", "initial"));
        await OkAsync(HttpMethod.Post, "/api/v1/namespaces/initial/configmaps", ConfigMap("two", "initial"));
        using var request = new HttpRequestMessage(HttpMethod.Get,
            "/api/v1/namespaces/initial/configmaps?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=10");
        using var response = await api.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var events = new List<JsonNode>();
        while (await reader.ReadLineAsync() is { } line)
        {
            events.Add(JsonNode.Parse(line)!);
            if (events[^1]["type"]!.GetValue<string>() == "BOOKMARK")
            {
                break;
            }
        }

        Assert.Equal(["ADDED", "ADDED", "BOOKMARK"], events.Select(e => e["type"]!.GetValue<string>()));
        Assert.Equal("true", events[2]["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]!.GetValue<string>());
    }

    [Fact]
    public async Task Watch_CompactedRevision_GivesExpiredError()
    {
        await OkAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", ConfigMap("before-compaction"));
        var old = (await OkAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps"))["metadata"]!["resourceVersion"]!.GetValue<string>();
        await OkAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", ConfigMap("after-compaction"));
        var current = (await OkAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps"))["metadata"]!["resourceVersion"]!.GetValue<string>();
        await api.Server.Store.CompactAsync(long.Parse(current), CancellationToken.None);

        using var response = await api.Client.GetAsync($"/api/v1/namespaces/default/configmaps?watch=1&resourceVersion={old}&timeoutSeconds=5");
        var first = JsonNode.Parse((await response.Content.ReadAsStringAsync()).Split('\n')[0])!;

        Assert.Equal("ERROR", first["type"]!.GetValue<string>());
        Assert.Equal(410, first["object"]!["code"]!.GetValue<int>());
        Assert.Equal("Expired", first["object"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_GenerateName_GetsUniqueSuffixedName()
    {
        var body = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"generateName":"gen-"}}""";
        var a = (await OkAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", body))["metadata"]!["name"]!.GetValue<string>();
        var b = (await OkAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", body))["metadata"]!["name"]!.GetValue<string>();

        Assert.Matches("^gen-[a-z0-9]{5}$", a);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public async Task Services_ClusterIpAndNodePort_AllocatedOnceEach()
    {
        static string Service(string name, string extra = "") =>
            $$$"""{"apiVersion":"v1","kind":"Service","metadata":{"name":"{{{name}}}"},"spec":{"selector":{"app":"x"},"ports":[{"port":80{{{extra}}}}]{{{(extra.Length > 0 ? ",\"type\":\"NodePort\"" : "")}}}}}""";
        var one = await OkAsync(HttpMethod.Post, "/api/v1/namespaces/default/services", Service("alloc-one"));
        var two = await OkAsync(HttpMethod.Post, "/api/v1/namespaces/default/services", Service("alloc-two", ",\"nodePort\":30123"));
        var ipOne = one["spec"]!["clusterIP"]!.GetValue<string>();
        var ipTwo = two["spec"]!["clusterIP"]!.GetValue<string>();

        Assert.StartsWith("10.43.", ipOne);
        Assert.NotEqual(ipOne, ipTwo);
        Assert.Equal(30123, two["spec"]!["ports"]![0]!["nodePort"]!.GetValue<int>());
        var (status, body, _) = await api.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/services", Service("alloc-three", ",\"nodePort\":30123"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("provided port is already allocated", body!["message"]!.GetValue<string>());
        var (ipStatus, ipBody, _) = await api.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/services",
            $$$"""{"apiVersion":"v1","kind":"Service","metadata":{"name":"alloc-four"},"spec":{"clusterIP":"{{{ipOne}}}","ports":[{"port":80}]}}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, ipStatus);
        Assert.Contains("already allocated", ipBody!["message"]!.GetValue<string>());

        await OkAsync(HttpMethod.Delete, "/api/v1/namespaces/default/services/alloc-two");
        var reused = await OkAsync(HttpMethod.Post, "/api/v1/namespaces/default/services", Service("alloc-five", ",\"nodePort\":30123"));
        Assert.Equal(30123, reused["spec"]!["ports"]![0]!["nodePort"]!.GetValue<int>());
    }

    [Fact]
    public async Task Delete_WithFinalizer_SetsDeletionTimestampUntilFinalizerRemoved()
    {
        await OkAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", ConfigMap("final", extraMetadata: ""","finalizers":["example.com/hold"]"""));

        var deleted = await OkAsync(HttpMethod.Delete, "/api/v1/namespaces/default/configmaps/final");
        Assert.NotNull(deleted["metadata"]!["deletionTimestamp"]);
        var still = await OkAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps/final");
        Assert.NotNull(still["metadata"]!["deletionTimestamp"]);

        await OkAsync(HttpMethod.Patch, "/api/v1/namespaces/default/configmaps/final", """{"metadata":{"finalizers":null}}""", "application/merge-patch+json");
        var (status, _, _) = await api.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps/final");
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task Create_InTerminatingNamespace_Forbidden()
    {
        await OkAsync(HttpMethod.Post, "/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"ending"}}""");
        await OkAsync(HttpMethod.Post, "/api/v1/namespaces/ending/configmaps", ConfigMap("inside", "ending"));
        await OkAsync(HttpMethod.Delete, "/api/v1/namespaces/ending");

        var ns = await OkAsync(HttpMethod.Get, "/api/v1/namespaces/ending");
        Assert.Equal("Terminating", ns["status"]!["phase"]!.GetValue<string>());
        var (status, body, _) = await api.SendAsync(HttpMethod.Post, "/api/v1/namespaces/ending/configmaps", ConfigMap("late", "ending"));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("because it is being terminated", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task StatusSubresource_SeparatesSpecAndStatusWrites()
    {
        var created = await OkAsync(HttpMethod.Post, "/apis/apps/v1/namespaces/default/deployments", Deployment("status-split"));
        created["status"] = new JsonObject { ["replicas"] = 7 };
        var updated = await OkAsync(HttpMethod.Put, "/apis/apps/v1/namespaces/default/deployments/status-split", created.ToJsonString());
        Assert.Null(updated["status"]?["replicas"]);

        updated["status"] = new JsonObject { ["replicas"] = 7 };
        updated["spec"]!["replicas"] = 9;
        updated["metadata"]!["labels"] = new JsonObject { ["added-through-status"] = "yes" };
        var status = await OkAsync(HttpMethod.Put, "/apis/apps/v1/namespaces/default/deployments/status-split/status", updated.ToJsonString());
        Assert.Equal(7, status["status"]!["replicas"]!.GetValue<int>());
        Assert.Equal(1, status["spec"]!["replicas"]!.GetValue<int>());
        Assert.Null(status["metadata"]!["labels"]?["added-through-status"]);
        var stored = await OkAsync(HttpMethod.Get, "/apis/apps/v1/namespaces/default/deployments/status-split");
        Assert.Equal(1, stored["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(7, stored["status"]!["replicas"]!.GetValue<int>());
        Assert.Null(stored["metadata"]!["labels"]?["added-through-status"]);
    }

    [Fact]
    public async Task ScaleSubresource_ReadsAndWritesReplicas()
    {
        await OkAsync(HttpMethod.Post, "/apis/apps/v1/namespaces/default/deployments", Deployment("scaled"));

        var scale = await OkAsync(HttpMethod.Get, "/apis/apps/v1/namespaces/default/deployments/scaled/scale");
        Assert.Equal("Scale", scale["kind"]!.GetValue<string>());
        Assert.Equal("autoscaling/v1", scale["apiVersion"]!.GetValue<string>());
        Assert.Equal(1, scale["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal("app=scaled", scale["status"]!["selector"]!.GetValue<string>());

        await OkAsync(HttpMethod.Patch, "/apis/apps/v1/namespaces/default/deployments/scaled/scale", """{"spec":{"replicas":4}}""", "application/merge-patch+json");
        var deployment = await OkAsync(HttpMethod.Get, "/apis/apps/v1/namespaces/default/deployments/scaled");
        Assert.Equal(4, deployment["spec"]!["replicas"]!.GetValue<int>());
    }

    [Fact]
    public async Task Get_AsTable_GivesUpstreamColumns()
    {
        await OkAsync(HttpMethod.Post, "/apis/apps/v1/namespaces/default/deployments", Deployment("tabled"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/apis/apps/v1/namespaces/default/deployments");
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/json;as=Table;v=v1;g=meta.k8s.io"));
        using var response = await api.Client.SendAsync(request);
        var table = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal("Table", table["kind"]!.GetValue<string>());
        Assert.Equal(["Name", "Ready", "Up-to-date", "Available", "Age", "Containers", "Images", "Selector"],
            table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.Contains(table["rows"]!.AsArray(), r => r!["cells"]![0]!.GetValue<string>() == "tabled");
    }

    [Fact]
    public async Task Protobuf_TypedClientBody_CreatesObject()
    {
        // What kubectl 1.32+ sends for `kubectl create namespace proto-made`: the k8s\0 magic, then runtime.Unknown.
        var name = Encoding.UTF8.GetBytes("proto-made");
        byte[] meta = [0x0a, (byte)name.Length, .. name];
        byte[] raw = [0x0a, (byte)meta.Length, .. meta];
        byte[] typeMeta = [0x0a, 0x02, .. "v1"u8, 0x12, 0x09, .. "Namespace"u8];
        byte[] unknown = [0x0a, (byte)typeMeta.Length, .. typeMeta, 0x12, (byte)raw.Length, .. raw];
        using var content = new ByteArrayContent([.. "k8s\0"u8, .. unknown]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.kubernetes.protobuf");

        using var response = await api.Client.PostAsync("/api/v1/namespaces", content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var ns = await OkAsync(HttpMethod.Get, "/api/v1/namespaces/proto-made");
        Assert.Equal("Active", ns["status"]!["phase"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreatePod_PriorityClass_SetsPriorityOrRefuses()
    {
        await OkAsync(HttpMethod.Post, "/apis/scheduling.k8s.io/v1/priorityclasses",
            """{"apiVersion":"scheduling.k8s.io/v1","kind":"PriorityClass","metadata":{"name":"high"},"value":1000,"preemptionPolicy":"Never"}""");
        static string Pod(string name, string spec) =>
            "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{" + spec + "\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}";

        var high = await OkAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods", Pod("prio-high", "\"priorityClassName\":\"high\","));
        var plain = await OkAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods", Pod("prio-plain", ""));
        var critical = await OkAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods", Pod("prio-critical", "\"priorityClassName\":\"system-cluster-critical\","));
        var (missing, missingBody, _) = await api.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods", Pod("prio-missing", "\"priorityClassName\":\"nope\","));
        var (mismatch, mismatchBody, _) = await api.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods",
            Pod("prio-mismatch", "\"priorityClassName\":\"high\",\"priority\":5,"));

        Assert.Equal(1000, high["spec"]!["priority"]!.GetValue<int>());
        Assert.Equal("Never", high["spec"]!["preemptionPolicy"]!.GetValue<string>());
        Assert.Equal(0, plain["spec"]!["priority"]!.GetValue<int>());
        Assert.Equal(2000000000, critical["spec"]!["priority"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Forbidden, missing);
        Assert.Equal("pods \"prio-missing\" is forbidden: no PriorityClass with name nope was found", missingBody!["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, mismatch);
        Assert.Contains("must not be provided in pod spec", mismatchBody!["message"]!.GetValue<string>());
    }

    private static string Deployment(string name) =>
        new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject
            {
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                    ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "busybox" }) },
                },
            },
        }.ToJsonString();
}
