using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Registry;
using KubeSharp.ApiServer.Registry.Schema;

namespace KubeSharp.ApiServer.Tests.Schema;

public class SchemaCheckerTests
{
    private static readonly ResourceInfo Pods = BuiltInResources.Resources.Single(r => r.Group.Length == 0 && r.Plural == "pods");

    [Fact]
    public void Check_UnknownFieldsUnderListsAndMapsWithWarn_WarnsWithPathsAndDropsThem()
    {
        var pod = JsonNode.Parse("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"a":"b"},"bogusMeta":1},
             "spec":{"containers":[{"name":"c","image":"i"},{"name":"d","image":"i","bogus":true}]}}
            """)!.AsObject();
        var warnings = new List<string>();

        new SchemaChecker().Check(pod, Pods, "v1", "Warn", warnings);

        Assert.Equal(["unknown field \"metadata.bogusMeta\"", "unknown field \"spec.containers[1].bogus\""], warnings);
        Assert.False(pod["metadata"]!.AsObject().ContainsKey("bogusMeta"));
        Assert.False(pod["spec"]!["containers"]![1]!.AsObject().ContainsKey("bogus"));
        Assert.Equal("b", pod["metadata"]!["labels"]!["a"]!.GetValue<string>());
    }

    [Fact]
    public void Check_WrongTypeInsideAList_BadRequestNamingThePath()
    {
        var pod = JsonNode.Parse("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","ports":[{"containerPort":"80"}]}]}}""")!
            .AsObject();

        var e = Assert.Throws<ApiException>(() => new SchemaChecker().Check(pod, Pods, "v1", "Strict", []));

        Assert.Equal(400, e.Code);
        Assert.Equal("Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field spec.containers[0].ports[0].containerPort of type int32",
            e.Message);
    }

    [Fact]
    public void Check_IntegerOutOfInt32Range_BadRequest()
    {
        var pod = JsonNode.Parse("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[],"priority":4294967296}}""")!.AsObject();

        var e = Assert.Throws<ApiException>(() => new SchemaChecker().Check(pod, Pods, "v1", "Ignore", []));

        Assert.Contains("spec.priority of type int32", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_UnknownFieldWithStrict_BadRequestListingIt()
    {
        var pod = JsonNode.Parse("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[]},"extra":1}""")!.AsObject();

        var e = Assert.Throws<ApiException>(() => new SchemaChecker().Check(pod, Pods, "v1", "Strict", []));

        Assert.Equal("strict decoding error: unknown field \"extra\"", e.Message);
    }
}
