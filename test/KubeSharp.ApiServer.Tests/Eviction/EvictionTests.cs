using System.Net;
using System.Text.Json.Nodes;
using KubeSharp.ApiServer.Tests.Integration;

namespace KubeSharp.ApiServer.Tests.Eviction;

/// <summary>POST pods/{name}/eviction against a real API server, as kubectl drain sends it.</summary>
public sealed class EvictionTests(ApiServerFixture api) : IClassFixture<ApiServerFixture>
{
    private const string Denied = "Cannot evict pod as it would violate the pod's disruption budget.";

    private async Task<JsonNode> OkAsync(HttpMethod method, string path, string? body = null)
    {
        var (status, json, _) = await api.SendAsync(method, path, body);
        Assert.True((int)status is >= 200 and < 300, $"{method} {path}: {(int)status} {json?.ToJsonString()}");
        return json!;
    }

    private async Task NamespaceAsync(string ns) =>
        await OkAsync(HttpMethod.Post, "/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"NS"}}""".Replace("NS", ns, StringComparison.Ordinal));

    /// <summary>A pod with label app=web in the given phase, Ready when running.</summary>
    private async Task<JsonNode> PodAsync(string ns, string name, string phase = "Running", bool ready = true, string app = "web")
    {
        var pod = await OkAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods",
            """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"NAME","labels":{"app":"APP"}},"spec":{"containers":[{"name":"c","image":"pause"}]}}"""
                .Replace("NAME", name, StringComparison.Ordinal).Replace("APP", app, StringComparison.Ordinal));
        pod["status"] = new JsonObject
        {
            ["phase"] = phase,
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }),
        };
        return await OkAsync(HttpMethod.Put, $"/api/v1/namespaces/{ns}/pods/{name}/status", pod.ToJsonString());
    }

    /// <summary>A PDB selecting app=web whose status (as the disruption controller would write it) allows <paramref name="allowed"/>.</summary>
    private async Task PdbAsync(string ns, string name, int allowed, int current = 2, int desired = 1, long observedGeneration = 1)
    {
        var pdb = await OkAsync(HttpMethod.Post, $"/apis/policy/v1/namespaces/{ns}/poddisruptionbudgets",
            """{"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"NAME"},"spec":{"minAvailable":1,"selector":{"matchLabels":{"app":"web"}}}}"""
                .Replace("NAME", name, StringComparison.Ordinal));
        pdb["status"] = new JsonObject
        {
            ["observedGeneration"] = observedGeneration,
            ["disruptionsAllowed"] = allowed,
            ["currentHealthy"] = current,
            ["desiredHealthy"] = desired,
            ["expectedPods"] = current,
        };
        await OkAsync(HttpMethod.Put, $"/apis/policy/v1/namespaces/{ns}/poddisruptionbudgets/{name}/status", pdb.ToJsonString());
    }

    private Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> EvictAsync(string ns, string pod, string query = "",
        string apiVersion = "policy/v1") =>
        api.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods/{pod}/eviction{query}",
            """{"apiVersion":"VERSION","kind":"Eviction","metadata":{"name":"POD","namespace":"NS"},"deleteOptions":{"gracePeriodSeconds":0}}"""
                .Replace("VERSION", apiVersion, StringComparison.Ordinal).Replace("POD", pod, StringComparison.Ordinal).Replace("NS", ns, StringComparison.Ordinal));

    [Fact]
    public async Task Evict_NoBudget_DeletesPodAndAnswersSuccess()
    {
        await NamespaceAsync("ev-none");
        await PodAsync("ev-none", "p");

        var (status, body, _) = await EvictAsync("ev-none", "p");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("Success", body!["status"]!.GetValue<string>());
        Assert.Equal(201, body["code"]!.GetValue<int>());
        Assert.Equal("Status", body["kind"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await api.SendAsync(HttpMethod.Get, "/api/v1/namespaces/ev-none/pods/p")).Status);
    }

    [Fact]
    public async Task Evict_MissingPod_NotFound()
    {
        await NamespaceAsync("ev-missing");

        var (status, body, _) = await EvictAsync("ev-missing", "ghost");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("pods \"ghost\" not found", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Evict_BudgetAllows_DecrementsBudgetRecordsPodAndDeletes()
    {
        await NamespaceAsync("ev-allow");
        await PodAsync("ev-allow", "a");
        await PodAsync("ev-allow", "b");
        await PdbAsync("ev-allow", "pdb", allowed: 1);

        var (status, body, _) = await EvictAsync("ev-allow", "a");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("Success", body!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await api.SendAsync(HttpMethod.Get, "/api/v1/namespaces/ev-allow/pods/a")).Status);
        var pdb = await OkAsync(HttpMethod.Get, "/apis/policy/v1/namespaces/ev-allow/poddisruptionbudgets/pdb");
        Assert.Equal(0, pdb["status"]!["disruptionsAllowed"]!.GetValue<int>());
        Assert.NotNull(pdb["status"]!["disruptedPods"]!["a"]);
        var condition = pdb["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "DisruptionAllowed")!;
        Assert.Equal("False", condition["status"]!.GetValue<string>());
        Assert.Equal("InsufficientPods", condition["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Evict_BudgetExhausted_TooManyRequestsWithDisruptionBudgetCause()
    {
        await NamespaceAsync("ev-deny");
        await PodAsync("ev-deny", "a");
        await PdbAsync("ev-deny", "pdb", allowed: 0, current: 1, desired: 1);

        var (status, body, response) = await EvictAsync("ev-deny", "a");

        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal("Failure", body!["status"]!.GetValue<string>());
        Assert.Equal("TooManyRequests", body["reason"]!.GetValue<string>());
        Assert.Equal(Denied, body["message"]!.GetValue<string>());
        Assert.Equal(429, body["code"]!.GetValue<int>());
        var cause = body["details"]!["causes"]!.AsArray().Single()!;
        Assert.Equal("DisruptionBudget", cause["reason"]!.GetValue<string>());
        Assert.Equal("The disruption budget pdb needs 1 healthy pods and has 1 currently", cause["message"]!.GetValue<string>());
        Assert.False(response.Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(HttpMethod.Get, "/api/v1/namespaces/ev-deny/pods/a")).Status);
    }

    [Fact]
    public async Task Evict_BudgetStatusStale_TooManyRequestsStillBeingProcessed()
    {
        await NamespaceAsync("ev-stale");
        await PodAsync("ev-stale", "a");
        await PdbAsync("ev-stale", "pdb", allowed: 1, observedGeneration: 0);

        var (status, body, response) = await EvictAsync("ev-stale", "a");

        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal(Denied, body!["message"]!.GetValue<string>());
        Assert.Equal(10, body["details"]!["retryAfterSeconds"]!.GetValue<int>());
        Assert.Equal("The disruption budget pdb is still being processed by the server.", body["details"]!["causes"]![0]!["message"]!.GetValue<string>());
        Assert.Equal("10", response.Headers.RetryAfter!.ToString());
    }

    [Fact]
    public async Task Evict_TwoBudgets_InternalErrorStatus()
    {
        await NamespaceAsync("ev-two");
        await PodAsync("ev-two", "a");
        await PdbAsync("ev-two", "one", allowed: 1);
        await PdbAsync("ev-two", "two", allowed: 1);

        var (status, body, _) = await EvictAsync("ev-two", "a");

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal("Failure", body!["status"]!.GetValue<string>());
        Assert.Equal("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.", body["message"]!.GetValue<string>());
        Assert.Equal(500, body["code"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(HttpMethod.Get, "/api/v1/namespaces/ev-two/pods/a")).Status);
    }

    [Fact]
    public async Task Evict_TerminalPodWithExhaustedBudget_DeletesDirectly()
    {
        await NamespaceAsync("ev-done");
        await PodAsync("ev-done", "a", phase: "Succeeded", ready: false);
        await PdbAsync("ev-done", "pdb", allowed: 0);

        var (status, _, _) = await EvictAsync("ev-done", "a", apiVersion: "policy/v1beta1");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.SendAsync(HttpMethod.Get, "/api/v1/namespaces/ev-done/pods/a")).Status);
    }

    [Fact]
    public async Task Evict_UnreadyPodWhileBudgetHealthy_DeletesWithoutTakingFromBudget()
    {
        await NamespaceAsync("ev-unready");
        await PodAsync("ev-unready", "a", ready: false);
        await PdbAsync("ev-unready", "pdb", allowed: 0, current: 1, desired: 1);

        var (status, _, _) = await EvictAsync("ev-unready", "a");

        Assert.Equal(HttpStatusCode.Created, status);
        var pdb = await OkAsync(HttpMethod.Get, "/apis/policy/v1/namespaces/ev-unready/poddisruptionbudgets/pdb");
        Assert.Null(pdb["status"]!["disruptedPods"]);
    }

    [Fact]
    public async Task Evict_DryRun_KeepsPodAndBudget()
    {
        await NamespaceAsync("ev-dry");
        await PodAsync("ev-dry", "a");
        await PdbAsync("ev-dry", "pdb", allowed: 1);

        var (status, _, _) = await EvictAsync("ev-dry", "a", "?dryRun=All");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(HttpMethod.Get, "/api/v1/namespaces/ev-dry/pods/a")).Status);
        var pdb = await OkAsync(HttpMethod.Get, "/apis/policy/v1/namespaces/ev-dry/poddisruptionbudgets/pdb");
        Assert.Equal(1, pdb["status"]!["disruptionsAllowed"]!.GetValue<int>());
    }

    [Fact]
    public async Task Evict_NameMismatch_BadRequest()
    {
        await NamespaceAsync("ev-name");
        await PodAsync("ev-name", "a");

        var (status, body, _) = await api.SendAsync(HttpMethod.Post, "/api/v1/namespaces/ev-name/pods/a/eviction",
            """{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"b"}}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("name in URL does not match name in Eviction object", body!["message"]!.GetValue<string>());
    }
}
