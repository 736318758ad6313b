using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace KubeSharp.ApiServer.Tests.Integration;

public sealed class NodeCredentialsTests(ApiServerFixture fixture) : IClassFixture<ApiServerFixture>
{
    [Fact]
    public async Task Post_AdminAskingForNode_IssuesNodeClientCertificateFromClientCa()
    {
        var (status, body, _) = await fixture.SendAsync(HttpMethod.Post, "/v1-kubesharp/node-credentials?nodeName=worker-1");

        Assert.Equal(HttpStatusCode.OK, status);
        using var cert = X509Certificate2.CreateFromPem(body!["certificate"]!.GetValue<string>(), body["key"]!.GetValue<string>());
        Assert.Equal("O=system:nodes, CN=system:node:worker-1", cert.Subject);
        using var clientCa = X509Certificate2.CreateFromPem(body["clientCA"]!.GetValue<string>());
        Assert.Equal(clientCa.Subject, cert.Issuer);
        Assert.Equal(fixture.Server.Pki.ServerCaPem, body["serverCA"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("", "invalid nodeName \"\": must be non-empty")]
    [InlineData("Bad_Name", "invalid nodeName \"Bad_Name\"")]
    public async Task Post_InvalidNodeName_BadRequestStatus(string name, string message)
    {
        var (status, body, _) = await fixture.SendAsync(HttpMethod.Post, "/v1-kubesharp/node-credentials?nodeName=" + name);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Status", body!["kind"]!.GetValue<string>());
        Assert.Equal("BadRequest", body["reason"]!.GetValue<string>());
        Assert.StartsWith(message, body["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_WrongMethod_MethodNotAllowed()
    {
        var (status, body, _) = await fixture.SendAsync(HttpMethod.Get, "/v1-kubesharp/node-credentials?nodeName=n");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, status);
        Assert.Equal("MethodNotAllowed", body!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Post_Anonymous_Unauthorized()
    {
        var (status, _, _) = await fixture.SendAsync(HttpMethod.Post, "/v1-kubesharp/node-credentials?nodeName=n", client: fixture.Anonymous);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }
}
