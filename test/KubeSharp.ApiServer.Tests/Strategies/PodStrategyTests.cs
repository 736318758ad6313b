using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Registry.Strategies.Pods;

namespace KubeSharp.ApiServer.Tests.Strategies;

public class PodStrategyTests
{
    private static JsonObject WithVolumes(string volumes) => JsonNode.Parse($$$"""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"default"},
         "spec":{"containers":[{"name":"c","image":"busybox"}],"volumes":{{{volumes}}}}}
        """)!.AsObject();

    private static List<string> Validate(JsonObject obj, bool defaults = true)
    {
        if (defaults)
        {
            PodStrategy.Instance.ApplyDefaults(obj);
        }

        var errors = new List<FieldError>();
        PodStrategy.Instance.Validate(obj, errors);
        return [.. errors.Select(e => e.ToString())];
    }

    [Fact]
    public void Validate_OneVolumeSourceEach_NoErrors()
    {
        var obj = WithVolumes("""
            [{"name":"a","emptyDir":{}},{"name":"b","configMap":{"name":"cm"}},{"name":"c","projected":{"sources":[]}},
             {"name":"d","persistentVolumeClaim":{"claimName":"claim"}}]
            """);

        Assert.Empty(Validate(obj));
    }

    [Fact]
    public void Validate_VolumeWithoutSourceNotDefaulted_RequiredVolumeType()
    {
        // Defaulting gives such a volume an emptyDir, as upstream's does; validation alone must still catch it.
        var errors = Validate(WithVolumes("""[{"name":"a"}]"""), defaults: false);

        Assert.Single(errors, e => e.StartsWith("spec.volumes", StringComparison.Ordinal));
        Assert.Contains("spec.volumes[0]: Required value: must specify a volume type", errors);
    }

    [Fact]
    public void Validate_VolumeWithTwoSources_SecondForbidden()
    {
        var errors = Validate(WithVolumes("""[{"name":"a","emptyDir":{},"secret":{"secretName":"s"}}]"""));

        Assert.Equal(["spec.volumes[0].secret: Forbidden: may not specify more than 1 volume type"], errors);
    }
}
