using System.Text.Json.Nodes;
using KubeSharp.ApiServer.Registry;
using KubeSharp.ApiServer.Registry.Pods;

namespace KubeSharp.ApiServer.Tests.Registry.Pods;

public sealed class DefaultTolerationSecondsAdmissionTests
{
    private static async Task<JsonArray?> AdmitAsync(string tolerationsJson)
    {
        var pod = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "p", ["namespace"] = "default" },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(), ["tolerations"] = JsonNode.Parse(tolerationsJson) },
        };
        await new DefaultTolerationSecondsAdmission(RegistryHooks.None, 300, 120).BeforeCreateAsync(pod, false, CancellationToken.None);
        return pod["spec"]!["tolerations"] as JsonArray;
    }

    [Fact]
    public async Task BeforeCreate_NoTolerations_AddsBothWithTheirSeconds()
    {
        var tolerations = await AdmitAsync("null");
        Assert.Equal(
            """[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300},{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":120}]""",
            tolerations!.ToJsonString());
    }

    [Fact]
    public async Task BeforeCreate_OwnNotReadyToleration_KeptAndOnlyUnreachableAdded()
    {
        var tolerations = await AdmitAsync("""[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":5}]""");
        Assert.Equal(2, tolerations!.Count);
        Assert.Equal(5, tolerations[0]!["tolerationSeconds"]!.GetValue<long>());
        Assert.Equal("node.kubernetes.io/unreachable", tolerations[1]!["key"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""[{"operator":"Exists"}]""")]
    [InlineData("""[{"operator":"Exists","effect":"NoExecute"}]""")]
    [InlineData("""[{"key":"node.kubernetes.io/not-ready","operator":"Exists"},{"key":"node.kubernetes.io/unreachable","operator":"Exists"}]""")]
    public async Task BeforeCreate_AlreadyTolerated_Unchanged(string tolerationsJson) =>
        Assert.Equal(JsonNode.Parse(tolerationsJson)!.ToJsonString(), (await AdmitAsync(tolerationsJson))!.ToJsonString());

    [Fact]
    public async Task BeforeCreate_TolerationForOtherEffect_DoesNotCount()
    {
        var tolerations = await AdmitAsync("""[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoSchedule"}]""");
        Assert.Equal(3, tolerations!.Count);
    }
}
