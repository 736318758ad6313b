using System.Text.Json.Nodes;
using k8s.Models;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Registry.Strategies.Pods;
using KubeSharp.ApiServer.Registry.Validation;

namespace KubeSharp.ApiServer.Registry.Strategies.ReplicaSets;

/// <summary>apps/v1 ReplicaSet: replicas default 1, selector required and immutable, template restartPolicy Always.</summary>
internal sealed class ReplicaSetStrategy : ResourceStrategy
{
    public static readonly ReplicaSetStrategy Instance = new();

    private static readonly FieldPath Spec = FieldPath.Root("spec");

    public override void ApplyDefaults(JsonObject obj)
    {
        TypedObject.Read<V1ReplicaSet>(obj, "ReplicaSet");
        if (JsonFields.EnsureObj(obj, "spec") is { } spec)
        {
            JsonFields.Default(spec, "replicas", 1);
            PodSpecDefaults.ApplyToTemplate(JsonFields.EnsureObj(spec, "template"));
        }
    }

    public override void Validate(JsonObject obj, List<FieldError> errors)
    {
        var rs = TypedObject.Read<V1ReplicaSet>(obj, "ReplicaSet");
        var spec = rs.Spec ?? new V1ReplicaSetSpec();
        CommonValidation.ValidateNonNegative(spec.Replicas, Spec.Child("replicas"), errors);
        CommonValidation.ValidateNonNegative(spec.MinReadySeconds, Spec.Child("minReadySeconds"), errors);
        WorkloadValidator.ValidateSelectorAndTemplate(spec.Selector, spec.Template, Spec, "deployment", errors);
        WorkloadValidator.ValidateAlwaysRestart(spec.Template, Spec.Child("template"), "ReplicaSet", errors);
    }

    public override void ValidateUpdate(JsonObject obj, JsonObject old, List<FieldError> errors)
    {
        Validate(obj, errors);
        CommonValidation.ValidateImmutable(JsonFields.Obj(obj, "spec")?["selector"], JsonFields.Obj(old, "spec")?["selector"], Spec.Child("selector"), errors);
    }
}
