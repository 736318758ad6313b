using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Registry.Strategies.PersistentVolumeClaims;

namespace KubeSharp.ApiServer.Tests.Strategies;

public class PersistentVolumeClaimStrategyTests
{
    private const string DocsClaim = """
        {"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"task-pv-claim","namespace":"default"},
         "spec":{"storageClassName":"manual","accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"3Gi"}}}}
        """;

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    private static JsonObject WithSpec(string spec) =>
        Parse($$"""{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"c","namespace":"default"},"spec":{{spec}}}""");

    private static List<FieldError> Validate(JsonObject obj)
    {
        PersistentVolumeClaimStrategy.Instance.ApplyDefaults(obj);
        var errors = new List<FieldError>();
        PersistentVolumeClaimStrategy.Instance.Validate(obj, errors);
        return errors;
    }

    private static (JsonObject Old, JsonObject Updated) Stored(string? phase = null)
    {
        var old = Parse(DocsClaim);
        PersistentVolumeClaimStrategy.Instance.ApplyDefaults(old);
        PersistentVolumeClaimStrategy.Instance.PrepareForCreate(old);
        if (phase is not null)
        {
            old["status"] = JsonNode.Parse($$$"""{"phase":"{{{phase}}}","capacity":{"storage":"3Gi"}}""");
            old["spec"]!["volumeName"] = "pv-1";
        }

        return (old, old.DeepClone().AsObject());
    }

    private static List<FieldError> ValidateUpdate(JsonObject updated, JsonObject old)
    {
        PersistentVolumeClaimStrategy.Instance.ApplyDefaults(updated);
        var errors = new List<FieldError>();
        PersistentVolumeClaimStrategy.Instance.ValidateUpdate(updated, old, errors);
        return errors;
    }

    [Fact]
    public void Validate_DocsExample_NoErrors()
    {
        Assert.Empty(Validate(Parse(DocsClaim)));
    }

    [Fact]
    public void ApplyDefaultsAndPrepareForCreate_Docs_FilesystemAndPending()
    {
        var obj = Parse(DocsClaim);
        PersistentVolumeClaimStrategy.Instance.ApplyDefaults(obj);
        PersistentVolumeClaimStrategy.Instance.PrepareForCreate(obj);
        Assert.Equal("Filesystem", obj["spec"]!["volumeMode"]!.GetValue<string>());
        Assert.Equal("""{"phase":"Pending"}""", obj["status"]!.ToJsonString());
    }

    [Fact]
    public void Validate_NoAccessModes_RequiredWithDetail()
    {
        var e = Assert.Single(Validate(WithSpec("""{"resources":{"requests":{"storage":"1Gi"}}}""")));
        Assert.Equal("spec.accessModes: Required value: at least 1 access mode is required", e.ToString());
    }

    [Fact]
    public void Validate_NoStorageRequest_RequiredAtUpstreamPath()
    {
        var e = Assert.Single(Validate(WithSpec("""{"accessModes":["ReadWriteOnce"]}""")));
        Assert.Equal("spec.resources[storage]: Required value", e.ToString());
    }

    [Theory]
    [InlineData("0", "\"0\"")]
    [InlineData("-1Gi", "\"-1Gi\"")]
    public void Validate_NonPositiveStorage_Invalid(string quantity, string shown)
    {
        var e = Assert.Single(Validate(WithSpec("""{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":""" + "\"" + quantity + "\"}}}")));
        Assert.Equal($"spec.resources[storage]: Invalid value: {shown}: must be greater than zero", e.ToString());
    }

    [Fact]
    public void Validate_BadSelectorOperator_Invalid()
    {
        var e = Assert.Single(Validate(WithSpec("""{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}},"selector":{"matchExpressions":[{"key":"a","operator":"Near"}]}}""")));
        Assert.Equal("spec.selector.matchExpressions[0].operator", e.Field);
    }

    [Fact]
    public void Validate_BadStorageClassName_Invalid()
    {
        var e = Assert.Single(Validate(WithSpec("""{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}},"storageClassName":"Fast_SSD"}""")));
        Assert.Equal("spec.storageClassName", e.Field);
        Assert.Equal(FieldErrorType.Invalid, e.Type);
    }

    [Fact]
    public void ValidateUpdate_UnboundAccessModesChanged_SpecForbidden()
    {
        var (old, updated) = Stored();
        updated["spec"]!["accessModes"] = new JsonArray("ReadWriteMany");
        var e = Assert.Single(ValidateUpdate(updated, old));
        Assert.Equal("spec", e.Field);
        Assert.StartsWith("spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n", e.ToString());
    }

    [Fact]
    public void ValidateUpdate_UnboundStorageChanged_SpecForbidden()
    {
        var (old, updated) = Stored();
        updated["spec"]!["resources"]!["requests"]!["storage"] = "5Gi";
        Assert.Equal("spec", Assert.Single(ValidateUpdate(updated, old)).Field);
    }

    [Fact]
    public void ValidateUpdate_BoundStorageGrown_NoErrors()
    {
        var (old, updated) = Stored("Bound");
        updated["spec"]!["resources"]!["requests"]!["storage"] = "5Gi";
        Assert.Empty(ValidateUpdate(updated, old));
    }

    [Fact]
    public void ValidateUpdate_BoundStorageShrunkBelowCapacity_Forbidden()
    {
        var (old, updated) = Stored("Bound");
        updated["spec"]!["resources"]!["requests"]!["storage"] = "1Gi";
        var e = Assert.Single(ValidateUpdate(updated, old));
        Assert.Equal("spec.resources.requests.storage: Forbidden: field can not be less than status.capacity", e.ToString());
    }

    [Fact]
    public void ValidateUpdate_VolumeNameSetOnce_NoErrors()
    {
        var (old, updated) = Stored();
        updated["spec"]!["volumeName"] = "pv-1";
        Assert.Empty(ValidateUpdate(updated, old));
    }

    [Fact]
    public void ValidateUpdate_VolumeNameChangedAfterBinding_SpecForbidden()
    {
        var (old, updated) = Stored("Bound");
        updated["spec"]!["volumeName"] = "pv-2";
        Assert.Equal("spec", Assert.Single(ValidateUpdate(updated, old)).Field);
    }

    [Fact]
    public void ValidateUpdate_EquivalentQuantity_NoErrors()
    {
        var (old, updated) = Stored();
        updated["spec"]!["resources"]!["requests"]!["storage"] = "3072Mi";
        Assert.Empty(ValidateUpdate(updated, old));
    }

    [Fact]
    public void ValidateUpdate_VolumeModeChanged_Immutable()
    {
        var (old, updated) = Stored();
        updated["spec"]!["volumeMode"] = "Block";
        var errors = ValidateUpdate(updated, old);
        Assert.Contains(errors, e => e.ToString() == "volumeMode: Invalid value: \"Block\": field is immutable");
    }

    [Fact]
    public void ValidateUpdate_StorageClassFromBetaAnnotation_Allowed()
    {
        var old = Parse("""{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"c","namespace":"default","annotations":{"volume.beta.kubernetes.io/storage-class":"fast"}},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}""");
        PersistentVolumeClaimStrategy.Instance.ApplyDefaults(old);
        var updated = old.DeepClone().AsObject();
        updated["spec"]!["storageClassName"] = "fast";
        Assert.Empty(ValidateUpdate(updated, old));
    }
}
