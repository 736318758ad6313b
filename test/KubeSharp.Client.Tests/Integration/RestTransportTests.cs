using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace KubeSharp.Client.Tests.Integration;

[Collection(ServerCollection.Name)]
public sealed class RestTransportTests(ClientServerFixture fixture)
{
    private const string MergePatch = "application/merge-patch+json";

    [Fact]
    public async Task PatchAsync_ExistingObject_AppliesThePatch()
    {
        var ns = await fixture.CreateNamespaceAsync();
        await fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c" } }, ns);

        await RestTransport.From(fixture.Client).PatchAsync($"api/v1/namespaces/{ns}/configmaps/c", MergePatch, """{"data":{"k":"v"}}""",
            CancellationToken.None);

        var patched = await fixture.Client.CoreV1.ReadNamespacedConfigMapAsync("c", ns);
        Assert.Equal("v", patched.Data["k"]);
    }

    [Fact]
    public async Task PatchAsync_MissingObject_ThrowsWithNotFoundStatus()
    {
        var ns = await fixture.CreateNamespaceAsync();

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => RestTransport.From(fixture.Client).PatchAsync(
            $"api/v1/namespaces/{ns}/configmaps/missing", MergePatch, """{"data":{"k":"v"}}""", CancellationToken.None));

        Assert.Equal(HttpStatusCode.NotFound, e.Response.StatusCode);
        Assert.Contains("\"reason\":\"NotFound\"", e.Response.Content, StringComparison.Ordinal);
    }
}
