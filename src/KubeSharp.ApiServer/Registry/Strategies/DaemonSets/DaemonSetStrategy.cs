using System.Text.Json.Nodes;
using k8s.Models;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Registry.Strategies.Deployments;
using KubeSharp.ApiServer.Registry.Strategies.Pods;
using KubeSharp.ApiServer.Registry.Validation;

namespace KubeSharp.ApiServer.Registry.Strategies.DaemonSets;

/// <summary>apps/v1 DaemonSet: RollingUpdate maxUnavailable 1 / maxSurge 0, revisionHistoryLimit 10, selector immutable.</summary>
internal sealed class DaemonSetStrategy : ResourceStrategy
{
    public static readonly DaemonSetStrategy Instance = new();

    private static readonly FieldPath Spec = FieldPath.Root("spec");
    private static readonly string[] StrategyTypes = ["OnDelete", "RollingUpdate"];

    public override void ApplyDefaults(JsonObject obj)
    {
        TypedObject.Read<V1DaemonSet>(obj, "DaemonSet");
        if (JsonFields.EnsureObj(obj, "spec") is not { } spec)
        {
            return;
        }

        if (JsonFields.EnsureObj(spec, "updateStrategy") is { } strategy)
        {
            JsonFields.DefaultString(strategy, "type", "RollingUpdate");
            if (JsonFields.Str(strategy, "type") == "RollingUpdate" && JsonFields.EnsureObj(strategy, "rollingUpdate") is { } rolling)
            {
                JsonFields.Default(rolling, "maxUnavailable", 1);
                JsonFields.Default(rolling, "maxSurge", 0);
            }
        }

        JsonFields.Default(spec, "revisionHistoryLimit", 10);
        PodSpecDefaults.ApplyToTemplate(JsonFields.EnsureObj(spec, "template"));
    }

    public override void Validate(JsonObject obj, List<FieldError> errors)
    {
        var ds = TypedObject.Read<V1DaemonSet>(obj, "DaemonSet");
        var spec = ds.Spec ?? new V1DaemonSetSpec();
        WorkloadValidator.ValidateSelectorAndTemplate(spec.Selector, spec.Template, Spec, "daemonset", errors);
        WorkloadValidator.ValidateAlwaysRestart(spec.Template, Spec.Child("template"), "DaemonSet", errors);
        CommonValidation.ValidateNonNegative(spec.MinReadySeconds, Spec.Child("minReadySeconds"), errors);
        CommonValidation.ValidateNonNegative(spec.RevisionHistoryLimit, Spec.Child("revisionHistoryLimit"), errors);
        var strategy = JsonFields.Obj(JsonFields.Obj(obj, "spec"), "updateStrategy");
        var type = JsonFields.Str(strategy, "type") ?? "";
        if (!StrategyTypes.Contains(type))
        {
            errors.Add(FieldError.NotSupported(Spec.Child("updateStrategy").Child("type"), type, StrategyTypes));
        }
        else if (type == "RollingUpdate" && JsonFields.Obj(strategy, "rollingUpdate") is { } rolling)
        {
            DeploymentStrategy.ValidateRollingUpdate(rolling, Spec.Child("updateStrategy").Child("rollingUpdate"), errors);
        }
    }

    public override void ValidateUpdate(JsonObject obj, JsonObject old, List<FieldError> errors)
    {
        Validate(obj, errors);
        CommonValidation.ValidateImmutable(JsonFields.Obj(obj, "spec")?["selector"], JsonFields.Obj(old, "spec")?["selector"], Spec.Child("selector"), errors);
    }
}
