using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Registry.Strategies.StorageClasses;

namespace KubeSharp.ApiServer.Tests.Strategies;

public class StorageClassStrategyTests
{
    private const string DocsClass = """
        {"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","metadata":{"name":"standard"},"provisioner":"kubernetes.io/aws-ebs",
         "parameters":{"type":"gp2"},"reclaimPolicy":"Retain","allowVolumeExpansion":true,"mountOptions":["debug"],
         "volumeBindingMode":"Immediate"}
        """;

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    private static List<FieldError> Validate(JsonObject obj)
    {
        StorageClassStrategy.Instance.ApplyDefaults(obj);
        var errors = new List<FieldError>();
        StorageClassStrategy.Instance.Validate(obj, errors);
        return errors;
    }

    [Fact]
    public void Validate_DocsExample_NoErrors()
    {
        Assert.Empty(Validate(Parse(DocsClass)));
    }

    [Fact]
    public void ApplyDefaults_Minimal_DeleteAndImmediate()
    {
        var obj = Parse("""{"metadata":{"name":"a"},"provisioner":"rancher.io/local-path"}""");
        Assert.Empty(Validate(obj));
        Assert.Equal("Delete", obj["reclaimPolicy"]!.GetValue<string>());
        Assert.Equal("Immediate", obj["volumeBindingMode"]!.GetValue<string>());
    }

    [Fact]
    public void Validate_NoProvisioner_Required()
    {
        var e = Assert.Single(Validate(Parse("""{"metadata":{"name":"a"}}""")));
        Assert.Equal("provisioner: Required value", e.ToString());
    }

    [Fact]
    public void Validate_BadReclaimPolicyAndBindingMode_NotSupported()
    {
        var errors = Validate(Parse("""{"metadata":{"name":"a"},"provisioner":"x.io/y","reclaimPolicy":"Recycle","volumeBindingMode":"Later"}"""));
        Assert.Contains(errors, e => e.ToString() == "reclaimPolicy: Unsupported value: \"Recycle\": supported values: \"Delete\", \"Retain\"");
        Assert.Contains(errors, e => e.ToString() == "volumeBindingMode: Unsupported value: \"Later\": supported values: \"Immediate\", \"WaitForFirstConsumer\"");
    }

    [Fact]
    public void Validate_EmptyParameterKey_Invalid()
    {
        var e = Assert.Single(Validate(Parse("""{"metadata":{"name":"a"},"provisioner":"x.io/y","parameters":{"":"v"}}""")));
        Assert.Equal("parameters: Invalid value: \"\": field can not be empty.", e.ToString());
    }

    [Fact]
    public void ValidateUpdate_ImmutableFieldsChanged_Forbidden()
    {
        var old = Parse(DocsClass);
        StorageClassStrategy.Instance.ApplyDefaults(old);
        var updated = Parse(DocsClass.Replace("gp2", "io1", StringComparison.Ordinal).Replace("aws-ebs", "gce-pd", StringComparison.Ordinal)
            .Replace("Retain", "Delete", StringComparison.Ordinal).Replace("\"Immediate\"", "\"WaitForFirstConsumer\"", StringComparison.Ordinal));
        StorageClassStrategy.Instance.ApplyDefaults(updated);
        var errors = new List<FieldError>();
        StorageClassStrategy.Instance.ValidateUpdate(updated, old, errors);
        Assert.Equal(
        [
            "parameters: Forbidden: updates to parameters are forbidden.",
            "provisioner: Forbidden: updates to provisioner are forbidden.",
            "reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.",
            "volumeBindingMode: Invalid value: \"WaitForFirstConsumer\": field is immutable",
        ], errors.Select(e => e.ToString()));
    }

    [Fact]
    public void ValidateUpdate_OnlyAllowVolumeExpansionChanged_NoErrors()
    {
        var old = Parse(DocsClass);
        var updated = Parse(DocsClass.Replace("true", "false", StringComparison.Ordinal));
        var errors = new List<FieldError>();
        StorageClassStrategy.Instance.ValidateUpdate(updated, old, errors);
        Assert.Empty(errors);
    }
}
