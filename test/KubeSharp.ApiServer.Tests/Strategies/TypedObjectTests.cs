using System.Text.Json.Nodes;
using k8s.Models;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Registry.Validation;

namespace KubeSharp.ApiServer.Tests.Strategies;

public class TypedObjectTests
{
    [Fact]
    public void Read_StringReplicas_BadRequestWithGoDecoderMessage()
    {
        var obj = JsonNode.Parse("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"a"},"spec":{"replicas":"three"}}""")!.AsObject();
        var e = Assert.Throws<ApiException>(() => TypedObject.Read<V1Deployment>(obj, "Deployment"));
        Assert.Equal(400, e.Code);
        Assert.Equal("Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32", e.Message);
    }

    [Fact]
    public void Read_NestedWrongType_NamesInnermostStruct()
    {
        var obj = JsonNode.Parse("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"},"spec":{"containers":[{"name":"c","image":"i","ports":[{"containerPort":"x"}]}]}}""")!.AsObject();
        var e = Assert.Throws<ApiException>(() => TypedObject.Read<V1Pod>(obj, "Pod"));
        Assert.Equal("Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32", e.Message);
    }

    [Fact]
    public void Read_OnlyStatus_WrongTypeInStatusNamedAsInWholeRead()
    {
        var obj = JsonNode.Parse("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"},"spec":{"containers":[]},"status":{"containerStatuses":[{"name":"c","restartCount":"x"}]}}""")!.AsObject();
        var whole = Assert.Throws<ApiException>(() => TypedObject.Read<V1Pod>(obj, "Pod"));
        var part = Assert.Throws<ApiException>(() => TypedObject.Read<V1Pod>(obj, "Pod", ["apiVersion", "kind", "status"]));
        Assert.Equal(whole.Message, part.Message);
        Assert.Equal("Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field ContainerStatus.status.containerStatuses.restartCount of type int32", part.Message);
    }

    [Fact]
    public void Read_OnlyStatus_SkipsOtherFields()
    {
        var obj = JsonNode.Parse("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"},"spec":{"containers":"unread"},"status":{"phase":"Running"}}""")!.AsObject();
        var pod = TypedObject.Read<V1Pod>(obj, "Pod", ["apiVersion", "kind", "status"]);
        Assert.Equal(("Running", null), (pod.Status.Phase, pod.Spec));
    }

    [Fact]
    public void Read_BadQuantity_BadRequest()
    {
        var obj = JsonNode.Parse("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"},"spec":{"containers":[{"name":"c","image":"i","resources":{"limits":{"cpu":"lots"}}}]}}""")!.AsObject();
        var e = Assert.Throws<ApiException>(() => TypedObject.Read<V1Pod>(obj, "Pod"));
        Assert.Equal(400, e.Code);
        Assert.EndsWith("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'", e.Message);
    }

    [Theory]
    [InlineData("""{"metadata":{"name":"a","labels":"x"}}""")]
    [InlineData("""{"metadata":{"name":"a"},"spec":{"containers":{"name":"c"}}}""")]
    [InlineData("""{"metadata":{"name":"a"},"spec":{"containers":[{"name":1}]}}""")]
    [InlineData("""{"metadata":{"name":"a"},"spec":{"enableServiceLinks":"yes"}}""")]
    public void Read_WrongTypes_BadRequest(string json)
    {
        var e = Assert.Throws<ApiException>(() => TypedObject.Read<V1Pod>(JsonNode.Parse(json)!.AsObject(), "Pod"));
        Assert.Equal(400, e.Code);
    }
}
