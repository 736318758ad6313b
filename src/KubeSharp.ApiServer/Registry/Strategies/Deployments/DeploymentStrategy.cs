using System.Text.Json.Nodes;
using k8s.Models;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Registry.Strategies.Pods;
using KubeSharp.ApiServer.Registry.Validation;

namespace KubeSharp.ApiServer.Registry.Strategies.Deployments;

/// <summary>apps/v1 Deployment: SetDefaults_Deployment and ValidateDeployment / ValidateDeploymentUpdate.</summary>
internal sealed class DeploymentStrategy : ResourceStrategy
{
    public static readonly DeploymentStrategy Instance = new();

    private static readonly FieldPath Spec = FieldPath.Root("spec");
    private static readonly string[] StrategyTypes = ["Recreate", "RollingUpdate"];

    public override void ApplyDefaults(JsonObject obj)
    {
        TypedObject.Read<V1Deployment>(obj, "Deployment");
        if (JsonFields.EnsureObj(obj, "spec") is not { } spec)
        {
            return;
        }

        JsonFields.Default(spec, "replicas", 1);
        if (JsonFields.EnsureObj(spec, "strategy") is { } strategy)
        {
            JsonFields.DefaultString(strategy, "type", "RollingUpdate");
            if (JsonFields.Str(strategy, "type") == "RollingUpdate" && JsonFields.EnsureObj(strategy, "rollingUpdate") is { } rolling)
            {
                JsonFields.Default(rolling, "maxUnavailable", "25%");
                JsonFields.Default(rolling, "maxSurge", "25%");
            }
        }

        JsonFields.Default(spec, "revisionHistoryLimit", 10);
        JsonFields.Default(spec, "progressDeadlineSeconds", 600);
        PodSpecDefaults.ApplyToTemplate(JsonFields.EnsureObj(spec, "template"));
    }

    public override void Validate(JsonObject obj, List<FieldError> errors)
    {
        var d = TypedObject.Read<V1Deployment>(obj, "Deployment");
        var spec = d.Spec ?? new V1DeploymentSpec();
        CommonValidation.ValidateNonNegative(spec.Replicas, Spec.Child("replicas"), errors);
        WorkloadValidator.ValidateSelectorAndTemplate(spec.Selector, spec.Template, Spec, "deployment", errors);
        WorkloadValidator.ValidateAlwaysRestart(spec.Template, Spec.Child("template"), "ReplicaSet", errors);
        ValidateStrategy(JsonFields.Obj(JsonFields.Obj(obj, "spec"), "strategy"), Spec.Child("strategy"), errors);
        CommonValidation.ValidateNonNegative(spec.RevisionHistoryLimit, Spec.Child("revisionHistoryLimit"), errors);
        CommonValidation.ValidateNonNegative(spec.MinReadySeconds, Spec.Child("minReadySeconds"), errors);
        if (spec.ProgressDeadlineSeconds is { } pds)
        {
            CommonValidation.ValidateNonNegative(pds, Spec.Child("progressDeadlineSeconds"), errors);
            if (pds <= (spec.MinReadySeconds ?? 0))
            {
                errors.Add(FieldError.Invalid(Spec.Child("progressDeadlineSeconds"), pds, "must be greater than minReadySeconds"));
            }
        }
    }

    public override void ValidateUpdate(JsonObject obj, JsonObject old, List<FieldError> errors)
    {
        Validate(obj, errors);
        CommonValidation.ValidateImmutable(JsonFields.Obj(obj, "spec")?["selector"], JsonFields.Obj(old, "spec")?["selector"], Spec.Child("selector"), errors);
    }

    private static void ValidateStrategy(JsonObject? strategy, FieldPath path, List<FieldError> errors)
    {
        var type = JsonFields.Str(strategy, "type") ?? "";
        var rolling = JsonFields.Obj(strategy, "rollingUpdate");
        switch (type)
        {
            case "Recreate":
                if (rolling is not null)
                {
                    errors.Add(FieldError.Forbidden(path.Child("rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'"));
                }

                break;
            case "RollingUpdate":
                if (rolling is null)
                {
                    errors.Add(FieldError.Required(path.Child("rollingUpdate"), "this should be defaulted and never be nil"));
                    break;
                }

                ValidateRollingUpdate(rolling, path.Child("rollingUpdate"), errors);
                break;
            default:
                errors.Add(FieldError.NotSupported(path.Child("type"), type, StrategyTypes));
                break;
        }
    }

    /// <summary>maxUnavailable and maxSurge are each a count or a percent, maxUnavailable at most 100%, not both zero.</summary>
    public static void ValidateRollingUpdate(JsonObject rolling, FieldPath path, List<FieldError> errors)
    {
        CommonValidation.ValidateIntOrPercent(rolling["maxUnavailable"], path.Child("maxUnavailable"), errors, atMost100Percent: true);
        CommonValidation.ValidateIntOrPercent(rolling["maxSurge"], path.Child("maxSurge"), errors, atMost100Percent: false);
        if (CommonValidation.IsZero(rolling["maxUnavailable"]) && CommonValidation.IsZero(rolling["maxSurge"]))
        {
            errors.Add(FieldError.Invalid(path.Child("maxUnavailable"), rolling["maxUnavailable"]?.DeepClone(), "may not be 0 when `maxSurge` is 0"));
        }
    }
}
