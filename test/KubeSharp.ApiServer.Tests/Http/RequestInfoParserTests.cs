using KubeSharp.ApiServer.Http;

namespace KubeSharp.ApiServer.Tests.Http;

public class RequestInfoParserTests
{
    private static readonly Dictionary<string, string?> NoQuery = [];

    [Theory]
    [InlineData("GET", "/api/v1/namespaces", "list", "", "namespaces", "", "")]
    [InlineData("GET", "/api/v1/namespaces/default", "get", "default", "namespaces", "default", "")]
    [InlineData("PUT", "/api/v1/namespaces/demo/finalize", "update", "demo", "namespaces", "demo", "finalize")]
    [InlineData("GET", "/api/v1/namespaces/default/pods", "list", "default", "pods", "", "")]
    [InlineData("GET", "/api/v1/namespaces/default/pods/web/log", "get", "default", "pods", "web", "log")]
    [InlineData("DELETE", "/apis/apps/v1/namespaces/x/deployments", "deletecollection", "x", "deployments", "", "")]
    [InlineData("GET", "/api/v1/watch/namespaces/x/pods", "watch", "x", "pods", "", "")]
    [InlineData("GET", "/api/v1/nodes/n1", "get", "", "nodes", "n1", "")]
    public void Parse_ResourcePaths_AsUpstream(string method, string path, string verb, string ns, string resource, string name, string sub)
    {
        var info = RequestInfoParser.Parse(method, path, NoQuery);

        Assert.True(info.IsResourceRequest);
        Assert.Equal((verb, ns, resource, name, sub), (info.Verb, info.Namespace, info.Resource, info.Name, info.Subresource));
    }

    [Theory]
    [InlineData("/api")]
    [InlineData("/apis/apps")]
    [InlineData("/version")]
    [InlineData("/api/v1")]
    public void Parse_NonResourcePaths_AreNotResourceRequests(string path) =>
        Assert.False(RequestInfoParser.Parse("GET", path, NoQuery).IsResourceRequest);
}
