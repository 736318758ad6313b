using System.Text.Json.Nodes;
using k8s.Models;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Registry.Strategies.Pods;
using KubeSharp.ApiServer.Registry.Validation;

namespace KubeSharp.ApiServer.Registry.Strategies.StatefulSets;

/// <summary>apps/v1 StatefulSet: defaults, validation, and the short list of spec fields an update may change.</summary>
internal sealed class StatefulSetStrategy : ResourceStrategy
{
    public const string UpdateForbidden =
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', "
        + "'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

    public static readonly StatefulSetStrategy Instance = new();

    private static readonly FieldPath Spec = FieldPath.Root("spec");
    private static readonly string[] PodManagementPolicies = ["OrderedReady", "Parallel"];
    private static readonly string[] StrategyTypes = ["OnDelete", "RollingUpdate"];
    private static readonly string[] RetentionPolicies = ["Retain", "Delete"];
    private static readonly string[] MutableFields = ["replicas", "ordinals", "template", "updateStrategy", "revisionHistoryLimit", "persistentVolumeClaimRetentionPolicy", "minReadySeconds"];

    public override void ApplyDefaults(JsonObject obj)
    {
        TypedObject.Read<V1StatefulSet>(obj, "StatefulSet");
        if (JsonFields.EnsureObj(obj, "spec") is not { } spec)
        {
            return;
        }

        JsonFields.DefaultString(spec, "podManagementPolicy", "OrderedReady");
        if (JsonFields.EnsureObj(spec, "updateStrategy") is { } strategy)
        {
            JsonFields.DefaultString(strategy, "type", "RollingUpdate");
            if (JsonFields.Str(strategy, "type") == "RollingUpdate" && JsonFields.EnsureObj(strategy, "rollingUpdate") is { } rolling)
            {
                JsonFields.Default(rolling, "partition", 0);
            }
        }

        if (JsonFields.EnsureObj(spec, "persistentVolumeClaimRetentionPolicy") is { } retention)
        {
            JsonFields.DefaultString(retention, "whenDeleted", "Retain");
            JsonFields.DefaultString(retention, "whenScaled", "Retain");
        }

        JsonFields.Default(spec, "replicas", 1);
        JsonFields.Default(spec, "revisionHistoryLimit", 10);
        foreach (var claim in JsonFields.Objects(JsonFields.Arr(spec, "volumeClaimTemplates")))
        {
            if (JsonFields.EnsureObj(claim, "spec") is { } claimSpec)
            {
                JsonFields.DefaultString(claimSpec, "volumeMode", "Filesystem");
            }

            if (JsonFields.EnsureObj(claim, "status") is { } claimStatus)
            {
                JsonFields.DefaultString(claimStatus, "phase", "Pending");
            }
        }

        PodSpecDefaults.ApplyToTemplate(JsonFields.EnsureObj(spec, "template"));
    }

    public override void Validate(JsonObject obj, List<FieldError> errors)
    {
        var sts = TypedObject.Read<V1StatefulSet>(obj, "StatefulSet");
        var spec = sts.Spec ?? new V1StatefulSetSpec();
        if (!PodManagementPolicies.Contains(spec.PodManagementPolicy ?? ""))
        {
            errors.Add(spec.PodManagementPolicy is null or ""
                ? FieldError.Required(Spec.Child("podManagementPolicy"), "")
                : FieldError.NotSupported(Spec.Child("podManagementPolicy"), spec.PodManagementPolicy, PodManagementPolicies));
        }

        var strategyType = spec.UpdateStrategy?.Type ?? "";
        if (!StrategyTypes.Contains(strategyType))
        {
            errors.Add(strategyType.Length == 0
                ? FieldError.Required(Spec.Child("updateStrategy"), "")
                : FieldError.Invalid(Spec.Child("updateStrategy"), JsonFields.Obj(JsonFields.Obj(obj, "spec"), "updateStrategy")?.DeepClone(),
                    "must be 'RollingUpdate' or 'OnDelete'"));
        }
        else if (strategyType == "OnDelete" && spec.UpdateStrategy?.RollingUpdate is not null)
        {
            errors.Add(FieldError.Invalid(Spec.Child("updateStrategy").Child("rollingUpdate"), JsonFields.Obj(JsonFields.Obj(JsonFields.Obj(obj, "spec"), "updateStrategy"), "rollingUpdate")?.DeepClone(),
                "only allowed for updateStrategy 'RollingUpdate'"));
        }
        else if (spec.UpdateStrategy?.RollingUpdate?.Partition is { } partition)
        {
            CommonValidation.ValidateNonNegative(partition, Spec.Child("updateStrategy").Child("rollingUpdate").Child("partition"), errors);
        }

        if (spec.PersistentVolumeClaimRetentionPolicy is { } retention)
        {
            foreach (var (field, value) in new[] { ("whenDeleted", retention.WhenDeleted), ("whenScaled", retention.WhenScaled) })
            {
                if (!RetentionPolicies.Contains(value ?? ""))
                {
                    errors.Add(FieldError.NotSupported(Spec.Child("persistentVolumeClaimRetentionPolicy").Child(field), value ?? "", RetentionPolicies));
                }
            }
        }

        CommonValidation.ValidateNonNegative(spec.Replicas, Spec.Child("replicas"), errors);
        CommonValidation.ValidateNonNegative(spec.MinReadySeconds, Spec.Child("minReadySeconds"), errors);
        WorkloadValidator.ValidateSelectorAndTemplate(spec.Selector, spec.Template, Spec, "statefulset", errors);
        WorkloadValidator.ValidateAlwaysRestart(spec.Template, Spec.Child("template"), "StatefulSet", errors);
    }

    public override void ValidateUpdate(JsonObject obj, JsonObject old, List<FieldError> errors)
    {
        Validate(obj, errors);
        var spec = JsonFields.Obj(obj, "spec") ?? [];
        var oldSpec = JsonFields.Obj(old, "spec") ?? [];
        var keys = spec.Select(kv => kv.Key).Union(oldSpec.Select(kv => kv.Key)).Where(k => !MutableFields.Contains(k));
        if (keys.Any(k => !JsonNode.DeepEquals(spec[k], oldSpec[k])))
        {
            errors.Add(FieldError.Forbidden(Spec, UpdateForbidden));
        }
    }
}
