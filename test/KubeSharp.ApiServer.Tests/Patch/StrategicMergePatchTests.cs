using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Patch;

namespace KubeSharp.ApiServer.Tests.Patch;

public class StrategicMergePatchTests
{
    private static readonly PatchSchema Pod = PatchSchema.ForKind("v1", "Pod")!;

    private static JsonObject Apply(string original, string patch, PatchSchema? schema = null) =>
        StrategicMergePatch.Apply(JsonNode.Parse(original)!.AsObject(), JsonNode.Parse(patch)!.AsObject(), schema ?? Pod);

    private static void AssertJson(string expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), actual.ToJsonString());

    [Fact]
    public void ForKind_BuiltInKinds_KnowMergeKeys()
    {
        var deployment = PatchSchema.ForKind("apps/v1", "Deployment")!;
        var containers = deployment.Field("spec").Field("template").Field("spec").Field("containers");

        Assert.Equal("name", containers.MergeKey);
        Assert.Equal("containerPort", containers.Element!.Field("ports").MergeKey);
        Assert.Equal(["containerPort", "protocol"], containers.Element!.Field("ports").ListMapKeys);
        Assert.Equal("merge,retainKeys", Pod.Field("spec").Field("volumes").Strategy);
        Assert.Equal("set", Pod.Field("metadata").Field("finalizers").ListType);
        Assert.Equal("uid", Pod.Field("metadata").Field("ownerReferences").MergeKey);
        Assert.Equal("port", PatchSchema.ForKind("v1", "Service")!.Field("spec").Field("ports").MergeKey);
        Assert.True(deployment.Field("spec").Field("selector").Atomic);
        Assert.Null(PatchSchema.ForKind("example.com/v1", "Widget"));
    }

    [Fact]
    public void Apply_ContainersMergedByName()
    {
        var result = Apply(
            """{"spec":{"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:1"}]}}""",
            """{"spec":{"containers":[{"name":"b","image":"b:2"},{"name":"c","image":"c:1"}]}}""");

        AssertJson("""{"spec":{"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:2"},{"name":"c","image":"c:1"}]}}""", result);
    }

    [Fact]
    public void Apply_EnvMergedByNameAndNullDeletesField()
    {
        var result = Apply(
            """{"metadata":{"labels":{"a":"1","b":"2"}},"spec":{"containers":[{"name":"a","image":"x","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}]}}""",
            """{"metadata":{"labels":{"a":null}},"spec":{"containers":[{"name":"a","env":[{"name":"B","value":"3"}]}]}}""");

        AssertJson("""{"metadata":{"labels":{"b":"2"}},"spec":{"containers":[{"name":"a","image":"x","env":[{"name":"A","value":"1"},{"name":"B","value":"3"}]}]}}""", result);
    }

    [Fact]
    public void Apply_PortsMergedByContainerPort()
    {
        var result = Apply(
            """{"spec":{"containers":[{"name":"a","ports":[{"containerPort":80,"name":"http"}]}]}}""",
            """{"spec":{"containers":[{"name":"a","ports":[{"containerPort":80,"hostPort":8080},{"containerPort":443}]}]}}""");

        AssertJson("""{"spec":{"containers":[{"name":"a","ports":[{"containerPort":80,"name":"http","hostPort":8080},{"containerPort":443}]}]}}""", result);
    }

    [Fact]
    public void Apply_PatchDeleteDirectiveInList_RemovesElement()
    {
        var result = Apply(
            """{"spec":{"containers":[{"name":"a"},{"name":"b"}]}}""",
            """{"spec":{"containers":[{"name":"a","$patch":"delete"}]}}""");

        AssertJson("""{"spec":{"containers":[{"name":"b"}]}}""", result);
    }

    [Fact]
    public void Apply_PatchReplaceDirectiveInMap_ReplacesMap()
    {
        var result = Apply(
            """{"metadata":{"labels":{"a":"1","b":"2"}}}""",
            """{"metadata":{"labels":{"$patch":"replace","c":"3"}}}""");

        AssertJson("""{"metadata":{"labels":{"c":"3"}}}""", result);
    }

    [Fact]
    public void Apply_PatchReplaceDirectiveInList_ReplacesList()
    {
        var result = Apply(
            """{"spec":{"containers":[{"name":"a"},{"name":"b"}]}}""",
            """{"spec":{"containers":[{"name":"c"},{"$patch":"replace"}]}}""");

        AssertJson("""{"spec":{"containers":[{"name":"c"}]}}""", result);
    }

    [Fact]
    public void Apply_PatchDeleteDirectiveInMap_RemovesMap()
    {
        var result = Apply("""{"spec":{"securityContext":{"runAsUser":1},"hostname":"h"}}""", """{"spec":{"securityContext":{"$patch":"delete"}}}""");

        AssertJson("""{"spec":{"hostname":"h"}}""", result);
    }

    [Fact]
    public void Apply_RetainKeys_DropsOtherKeysOfVolume()
    {
        var result = Apply(
            """{"spec":{"volumes":[{"name":"v","emptyDir":{}}]}}""",
            """{"spec":{"volumes":[{"name":"v","hostPath":{"path":"/tmp"},"$retainKeys":["hostPath","name"]}]}}""");

        AssertJson("""{"spec":{"volumes":[{"name":"v","hostPath":{"path":"/tmp"}}]}}""", result);
    }

    [Fact]
    public void Apply_RetainKeysNotCoveringPatch_Throws422()
    {
        var ex = Assert.Throws<ApiException>(() => Apply(
            """{"spec":{"volumes":[{"name":"v","emptyDir":{}}]}}""",
            """{"spec":{"volumes":[{"name":"v","hostPath":{"path":"/tmp"},"$retainKeys":["name"]}]}}"""));

        Assert.Equal(422, ex.Code);
    }

    [Fact]
    public void Apply_FinalizersMergedAsSetAndDeleteFromPrimitiveList()
    {
        var result = Apply(
            """{"metadata":{"finalizers":["a","b","c"]}}""",
            """{"metadata":{"finalizers":["d","a"],"$deleteFromPrimitiveList/finalizers":["b"]}}""");

        AssertJson("""{"metadata":{"finalizers":["a","c","d"]}}""", result);
    }

    [Fact]
    public void Apply_SetElementOrder_ReordersList()
    {
        var result = Apply(
            """{"spec":{"containers":[{"name":"a"},{"name":"b"},{"name":"c"}]}}""",
            """{"spec":{"$setElementOrder/containers":[{"name":"c"},{"name":"a"},{"name":"b"}],"containers":[{"name":"c","image":"x"}]}}""");

        AssertJson("""{"spec":{"containers":[{"name":"c","image":"x"},{"name":"a"},{"name":"b"}]}}""", result);
    }

    [Fact]
    public void Apply_ListWithoutStrategy_IsReplaced()
    {
        var result = Apply(
            """{"spec":{"containers":[{"name":"a","args":["1","2"]}]}}""",
            """{"spec":{"containers":[{"name":"a","args":["3"]}]}}""");

        AssertJson("""{"spec":{"containers":[{"name":"a","args":["3"]}]}}""", result);
    }

    [Fact]
    public void Apply_DeploymentReplicasAndTemplate()
    {
        var deployment = PatchSchema.ForKind("apps/v1", "Deployment")!;
        var result = Apply(
            """{"spec":{"replicas":1,"template":{"spec":{"containers":[{"name":"web","image":"nginx:1"},{"name":"side","image":"s"}]}}}}""",
            """{"spec":{"replicas":3,"template":{"spec":{"containers":[{"name":"web","image":"nginx:2"}]}}}}""",
            deployment);

        AssertJson("""{"spec":{"replicas":3,"template":{"spec":{"containers":[{"name":"web","image":"nginx:2"},{"name":"side","image":"s"}]}}}}""", result);
    }

    [Theory]
    [InlineData("""{"metadata":{"$patch":"frob"}}""")]
    [InlineData("""{"metadata":{"$patch":5}}""")]
    [InlineData("""{"metadata":{"$deleteFromPrimitiveList/finalizers":"x"}}""")]
    [InlineData("""{"spec":{"containers":[{"image":"x"}]}}""")]
    [InlineData("""{"spec":{"containers":[1]}}""")]
    [InlineData("""{"spec":{"$setElementOrder/containers":[{"image":"x"}]}}""")]
    [InlineData("""{"spec":{"$retainKeys":"x"}}""")]
    public void Apply_MalformedPatch_Throws4xxApiException(string patch)
    {
        var ex = Assert.Throws<ApiException>(() => Apply("""{"metadata":{},"spec":{"containers":[{"name":"a"}]}}""", patch));

        Assert.InRange(ex.Code, 400, 499);
    }

    [Theory]
    [InlineData("""{"spec":"x"}""")]
    [InlineData("""{"spec":{"containers":{"a":1}}}""")]
    [InlineData("""{"spec":{"containers":[{"name":"a","ports":"x"}]}}""")]
    [InlineData("""{"metadata":{"finalizers":[{"a":1}]}}""")]
    [InlineData("""{"spec":{"containers":[[1]]}}""")]
    [InlineData("""{"metadata":{"$deleteFromPrimitiveList/finalizers":[{"a":1}]}}""")]
    public void Apply_OddPatch_SucceedsOrThrowsApiException(string patch)
    {
        var ex = Record.Exception(() => Apply("""{"metadata":{"finalizers":["f"]},"spec":{"containers":[{"name":"a"}]}}""", patch));

        Assert.True(ex is null or ApiException { Code: >= 400 and < 500 }, ex?.ToString());
    }

    [Fact]
    public void StrategicMergeUnsupported_IsUpstreams415()
    {
        var ex = PatchErrors.StrategicMergeUnsupported();

        Assert.Equal(415, ex.Code);
        Assert.Equal("UnsupportedMediaType", ex.Reason);
        Assert.Equal("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml", ex.Message);
    }
}
