using System.Net;
using System.Net.Http.Headers;
using KubeSharp.ApiServer.OpenApi;
using KubeSharp.ApiServer.Registry;
using KubeSharp.ApiServer.Tests.Integration;

namespace KubeSharp.ApiServer.Tests.OpenApi;

public sealed class OpenApiV2HandlerTests(ApiServerFixture api) : IClassFixture<ApiServerFixture>
{
    // The server builds its documents from the same built-in resources; the build is deterministic.
    private static readonly OpenApiDocuments Documents = new(BuiltInResources.Resources);

    [Theory]
    [InlineData("", false)]
    [InlineData("*/*", false)]
    [InlineData("application/json", false)]
    [InlineData("application/com.github.proto-openapi.spec.v2@v1.0+protobuf", true)]
    [InlineData("application/com.github.proto-openapi.spec.v2.v1.0+protobuf", true)]
    [InlineData("application/json;q=0.5, application/com.github.proto-openapi.spec.v2@v1.0+protobuf", true)]
    [InlineData("application/com.github.proto-openapi.spec.v2@v1.0+protobuf, application/json", true)]
    [InlineData("application/com.github.proto-openapi.spec.v2@v1.0+protobuf;q=0.1, application/json", false)]
    [InlineData("*/*, application/com.github.proto-openapi.spec.v2@v1.0+protobuf", true)]
    [InlineData("text/html, application/*;q=0.9", false)]
    public void Choose_AcceptHeader_ProtobufOrJson(string accept, bool protobuf)
    {
        Assert.Equal(protobuf, OpenApiV2Handler.Choose(accept));
    }

    [Fact]
    public void Choose_NothingAcceptable_Null()
    {
        Assert.Null(OpenApiV2Handler.Choose("text/html, application/yaml"));
    }

    [Theory]
    [InlineData("application/com.github.proto-openapi.spec.v2@v1.0+protobuf")]
    [InlineData("application/com.github.proto-openapi.spec.v2.v1.0+protobuf")]
    public async Task Get_ProtobufAccept_GnosticBytesWithEtag(string accept)
    {
        using var response = await GetAsync(accept, null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/com.github.proto-openapi.spec.v2.v1.0+protobuf", response.Content.Headers.ContentType!.MediaType);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("2.0", new ProtoFields(body).String(1));
        Assert.Equal(Documents.V2Protobuf().ToArray(), body);
        Assert.Equal("\"" + Documents.V2Hash() + "\"", response.Headers.ETag!.Tag);
        Assert.Contains("Accept", response.Headers.Vary);
    }

    [Fact]
    public async Task Get_NoAccept_Json()
    {
        using var response = await GetAsync(null, null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var json = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("2.0", json["swagger"]!.GetValue<string>());
    }

    [Fact]
    public async Task Get_MatchingIfNoneMatch_NotModified()
    {
        using var first = await GetAsync("application/com.github.proto-openapi.spec.v2@v1.0+protobuf", null);
        using var second = await GetAsync("application/com.github.proto-openapi.spec.v2@v1.0+protobuf", first.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        using var stale = await GetAsync("application/json", "\"0123\"");
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
    }

    [Fact]
    public async Task Get_UnacceptableType_NotAcceptable()
    {
        using var response = await GetAsync("text/html", null);
        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
    }

    private async Task<HttpResponseMessage> GetAsync(string? accept, string? ifNoneMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v2");
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(ifNoneMatch));
        }

        return await api.Client.SendAsync(request);
    }
}
