using System.Net;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Tests.Integration;

/// <summary>Bad input gets a 4xx Status a user can act on; nothing is half-written and the server keeps serving.</summary>
public sealed class BadInputTests(ApiServerFixture api) : IClassFixture<ApiServerFixture>
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    private static void AssertStatus(JsonNode? body, int code, string reason)
    {
        Assert.NotNull(body);
        Assert.Equal("Status", body!["kind"]!.GetValue<string>());
        Assert.Equal("Failure", body["status"]!.GetValue<string>());
        Assert.Equal(code, body["code"]!.GetValue<int>());
        Assert.Equal(reason, body["reason"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(body["message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Create_MalformedJson_BadRequest()
    {
        var (status, body, _) = await api.SendAsync(HttpMethod.Post, ConfigMaps, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertStatus(body, 400, "BadRequest");
    }

    [Fact]
    public async Task Create_MalformedYaml_BadRequest()
    {
        var (status, body, _) = await api.SendAsync(HttpMethod.Post, ConfigMaps, "apiVersion: v1\nkind: ConfigMap\nmetadata: [unclosed\n", "application/yaml");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertStatus(body, 400, "BadRequest");
    }

    [Fact]
    public async Task Create_WrongKindForPath_BadRequest()
    {
        var (status, body, _) = await api.SendAsync(HttpMethod.Post, ConfigMaps, """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"x"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertStatus(body, 400, "BadRequest");
    }

    [Fact]
    public async Task Create_WrongApiVersion_BadRequest()
    {
        var (status, body, _) = await api.SendAsync(HttpMethod.Post, ConfigMaps, """{"apiVersion":"apps/v1","kind":"ConfigMap","metadata":{"name":"x"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("does not match the expected API version", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Get_UnknownResource_NotFoundStatus()
    {
        var (status, body, _) = await api.SendAsync(HttpMethod.Get, "/apis/example.com/v1/namespaces/default/widgets");
        Assert.Equal(HttpStatusCode.NotFound, status);
        AssertStatus(body, 404, "NotFound");
    }

    [Fact]
    public async Task Get_MissingObject_NotFoundWithDetails()
    {
        var (status, body, _) = await api.SendAsync(HttpMethod.Get, "/apis/apps/v1/namespaces/default/deployments/nope");
        Assert.Equal(HttpStatusCode.NotFound, status);
        AssertStatus(body, 404, "NotFound");
        Assert.Equal("deployments.apps \"nope\" not found", body!["message"]!.GetValue<string>());
        Assert.Equal("deployments", body["details"]!["kind"]!.GetValue<string>());
        Assert.Equal("apps", body["details"]!["group"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_MissingName_InvalidWithCause()
    {
        var (status, body, _) = await api.SendAsync(HttpMethod.Post, ConfigMaps, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{}}""");
        Assert.Equal((HttpStatusCode)422, status);
        AssertStatus(body, 422, "Invalid");
        Assert.Equal("metadata.name", body!["details"]!["causes"]![0]!["field"]!.GetValue<string>());
        Assert.Equal("FieldValueRequired", body["details"]!["causes"]![0]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_InvalidName_InvalidWithUpstreamMessage()
    {
        var (status, body, _) = await api.SendAsync(HttpMethod.Post, ConfigMaps, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"Bad_Name"}}""");
        Assert.Equal((HttpStatusCode)422, status);
        Assert.StartsWith("ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain",
            body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_WrongFieldType_BadRequest()
    {
        var (status, body, _) = await api.SendAsync(HttpMethod.Post, "/apis/apps/v1/namespaces/default/deployments",
            """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"typed"},"spec":{"replicas":"three"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertStatus(body, 400, "BadRequest");
        Assert.Contains("spec.replicas", body!["message"]!.GetValue<string>());
        var (after, _, _) = await api.SendAsync(HttpMethod.Get, "/apis/apps/v1/namespaces/default/deployments/typed");
        Assert.Equal(HttpStatusCode.NotFound, after);
    }

    [Fact]
    public async Task Create_BodyOverLimit_RequestEntityTooLarge()
    {
        var big = new string('a', 3 * 1024 * 1024 + 10);
        var (status, body, _) = await api.SendAsync(HttpMethod.Post, ConfigMaps, $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"big"},"data":{"a":"{{{big}}}"}}""");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        AssertStatus(body, 413, "RequestEntityTooLarge");
    }

    [Fact]
    public async Task Create_StreamedBodyOverLimitWithoutLength_RequestEntityTooLarge()
    {
        // No Content-Length: the limit must hold while the body is read, not only from the header.
        var big = new string('a', 3 * 1024 * 1024 + 10);
        var bytes = System.Text.Encoding.UTF8.GetBytes($$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"streamed"},"data":{"a":"{{{big}}}"}}""");
        using var request = new HttpRequestMessage(HttpMethod.Post, ConfigMaps) { Content = new StreamContent(new UnknownLengthStream(bytes)) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await api.Client.SendAsync(request);
        Assert.Null(request.Content.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        AssertStatus(JsonNode.Parse(await response.Content.ReadAsStringAsync()), 413, "RequestEntityTooLarge");
        var (after, _, _) = await api.SendAsync(HttpMethod.Get, ConfigMaps + "/streamed");
        Assert.Equal(HttpStatusCode.NotFound, after);
    }

    [Fact]
    public async Task Create_StreamedBodyWithoutLength_Created()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"streamed-ok"},"data":{"a":"b"}}""");
        using var request = new HttpRequestMessage(HttpMethod.Post, ConfigMaps) { Content = new StreamContent(new UnknownLengthStream(bytes)) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await api.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var (_, body, _) = await api.SendAsync(HttpMethod.Get, ConfigMaps + "/streamed-ok");
        Assert.Equal("b", body!["data"]!["a"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_ConfigMapOverOneMebibyte_Invalid()
    {
        var big = new string('a', 1024 * 1024 + 1);
        var (status, body, _) = await api.SendAsync(HttpMethod.Post, ConfigMaps, $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"toobig"},"data":{"a":"{{{big}}}"}}""");
        Assert.Equal((HttpStatusCode)422, status);
        AssertStatus(body, 422, "Invalid");
    }

    [Fact]
    public async Task List_InvalidLabelSelector_BadRequest()
    {
        var (status, body, _) = await api.SendAsync(HttpMethod.Get, ConfigMaps + "?labelSelector=" + Uri.EscapeDataString("a in (b"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertStatus(body, 400, "BadRequest");
    }

    [Fact]
    public async Task List_UnsupportedFieldSelector_BadRequest()
    {
        var (status, body, _) = await api.SendAsync(HttpMethod.Get, ConfigMaps + "?fieldSelector=spec.foo%3Dbar");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("field label not supported: spec.foo", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_InvalidContinue_BadRequest()
    {
        var (status, body, _) = await api.SendAsync(HttpMethod.Get, ConfigMaps + "?limit=1&continue=garbage");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertStatus(body, 400, "BadRequest");
    }

    [Fact]
    public async Task Patch_BadJsonPatch_ClientError_ObjectUnchanged()
    {
        await api.SendAsync(HttpMethod.Post, ConfigMaps, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"patchme"},"data":{"a":"1"}}""");
        var (status, body, _) = await api.SendAsync(HttpMethod.Patch, ConfigMaps + "/patchme", """{"op":"add"}""", "application/json-patch+json");
        Assert.InRange((int)status, 400, 499);
        Assert.Equal("Status", body!["kind"]!.GetValue<string>());
        var (status2, _, _) = await api.SendAsync(HttpMethod.Patch, ConfigMaps + "/patchme", """[{"op":"remove","path":"/data/nope"}]""", "application/json-patch+json");
        Assert.InRange((int)status2, 400, 499);
        var (_, current, _) = await api.SendAsync(HttpMethod.Get, ConfigMaps + "/patchme");
        Assert.Equal("1", current!["data"]!["a"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_UnknownContentType_UnsupportedMediaType()
    {
        await api.SendAsync(HttpMethod.Post, ConfigMaps, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ctype"}}""");
        var (status, body, _) = await api.SendAsync(HttpMethod.Patch, ConfigMaps + "/ctype", "{}", "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        AssertStatus(body, 415, "UnsupportedMediaType");
    }

    [Fact]
    public async Task Create_UnknownFieldStrict_BadRequest_WarnAddsWarningHeader()
    {
        var doc = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"NAME"},"bogus":1}""";
        var (status, body, _) = await api.SendAsync(HttpMethod.Post, ConfigMaps + "?fieldValidation=Strict", doc.Replace("NAME", "strict"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("unknown field \"bogus\"", body!["message"]!.GetValue<string>());
        var (status2, body2, response) = await api.SendAsync(HttpMethod.Post, ConfigMaps + "?fieldValidation=Warn", doc.Replace("NAME", "warn"));
        Assert.Equal(HttpStatusCode.Created, status2);
        Assert.Contains(response.Headers.GetValues("Warning"), w => w.Contains("unknown field \\\"bogus\\\"") || w.Contains("unknown field \"bogus\""));
        Assert.Null(body2!["bogus"]);
    }

    [Fact]
    public async Task Create_Duplicate_AlreadyExists()
    {
        var doc = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dup"}}""";
        Assert.Equal(HttpStatusCode.Created, (await api.SendAsync(HttpMethod.Post, ConfigMaps, doc)).Status);
        var (status, body, _) = await api.SendAsync(HttpMethod.Post, ConfigMaps, doc);
        Assert.Equal(HttpStatusCode.Conflict, status);
        AssertStatus(body, 409, "AlreadyExists");
    }

    [Fact]
    public async Task Update_StaleResourceVersion_Conflict()
    {
        var (_, created, _) = await api.SendAsync(HttpMethod.Post, ConfigMaps, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"stale"},"data":{"v":"1"}}""");
        var first = created!.DeepClone();
        first["data"]!["v"] = "2";
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(HttpMethod.Put, ConfigMaps + "/stale", first.ToJsonString())).Status);
        created["data"]!["v"] = "3";
        var (status, body, _) = await api.SendAsync(HttpMethod.Put, ConfigMaps + "/stale", created.ToJsonString());
        Assert.Equal(HttpStatusCode.Conflict, status);
        AssertStatus(body, 409, "Conflict");
        Assert.Contains("the object has been modified", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_MissingNamespace_NotFound()
    {
        var (status, body, _) = await api.SendAsync(HttpMethod.Post, "/api/v1/namespaces/nowhere/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}""");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("namespaces \"nowhere\" not found", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Request_Unauthenticated_Unauthorized()
    {
        var (status, body, _) = await api.SendAsync(HttpMethod.Get, "/api/v1/namespaces", client: api.Anonymous);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        AssertStatus(body, 401, "Unauthorized");
    }

    [Fact]
    public async Task Request_BearerJoinToken_Authenticates()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces/default");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", api.Server.JoinToken);
        var response = await api.Anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Delete_PreconditionUidMismatch_Conflict()
    {
        await api.SendAsync(HttpMethod.Post, ConfigMaps, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"precond"}}""");
        var (status, body, _) = await api.SendAsync(HttpMethod.Delete, ConfigMaps + "/precond",
            """{"kind":"DeleteOptions","apiVersion":"v1","preconditions":{"uid":"not-the-uid"}}""");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("Precondition failed", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task DryRun_InvalidValue_BadRequest_AllValue_WritesNothing()
    {
        var doc = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dry"}}""";
        Assert.Equal(HttpStatusCode.BadRequest, (await api.SendAsync(HttpMethod.Post, ConfigMaps + "?dryRun=Some", doc)).Status);
        Assert.Equal(HttpStatusCode.Created, (await api.SendAsync(HttpMethod.Post, ConfigMaps + "?dryRun=All", doc)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.SendAsync(HttpMethod.Get, ConfigMaps + "/dry")).Status);
    }

    [Fact]
    public async Task ApplyPatch_WithoutFieldManager_Invalid()
    {
        var (status, body, _) = await api.SendAsync(HttpMethod.Patch, ConfigMaps + "/applied",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\n", "application/apply-patch+yaml");
        Assert.Equal((HttpStatusCode)422, status);
        Assert.Contains("fieldManager", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnknownPath_PlainNotFound()
    {
        var (status, _, _) = await api.SendAsync(HttpMethod.Get, "/no/such/path");
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    /// <summary>A readable stream that does not know its length, so the client sends the body without Content-Length.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 65536));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
