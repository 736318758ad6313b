using System.Text.Json.Nodes;
using k8s.Models;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Registry.Strategies.Pods;
using KubeSharp.ApiServer.Registry.Validation;

namespace KubeSharp.ApiServer.Registry.Strategies.ReplicationControllers;

/// <summary>core/v1 ReplicationController: selector and labels default from the template, replicas 1; map selector must match the template.</summary>
internal sealed class ReplicationControllerStrategy : ResourceStrategy
{
    public static readonly ReplicationControllerStrategy Instance = new();

    private static readonly FieldPath Spec = FieldPath.Root("spec");

    public override void ApplyDefaults(JsonObject obj)
    {
        TypedObject.Read<V1ReplicationController>(obj, "ReplicationController");
        if (JsonFields.EnsureObj(obj, "spec") is not { } spec)
        {
            return;
        }

        if (JsonFields.Obj(JsonFields.Obj(JsonFields.Obj(spec, "template"), "metadata"), "labels") is { Count: > 0 } labels)
        {
            if (JsonFields.Obj(spec, "selector") is null or { Count: 0 })
            {
                spec["selector"] = labels.DeepClone();
            }

            if (JsonFields.EnsureObj(obj, "metadata") is { } meta && JsonFields.Obj(meta, "labels") is null or { Count: 0 })
            {
                meta["labels"] = labels.DeepClone();
            }
        }

        JsonFields.Default(spec, "replicas", 1);
        if (JsonFields.Obj(spec, "template") is { } template)
        {
            PodSpecDefaults.ApplyToTemplate(template);
        }
    }

    public override void Validate(JsonObject obj, List<FieldError> errors)
    {
        var rc = TypedObject.Read<V1ReplicationController>(obj, "ReplicationController");
        var spec = rc.Spec ?? new V1ReplicationControllerSpec();
        CommonValidation.ValidateNonNegative(spec.Replicas, Spec.Child("replicas"), errors);
        CommonValidation.ValidateNonNegative(spec.MinReadySeconds, Spec.Child("minReadySeconds"), errors);
        var selector = spec.Selector ?? new Dictionary<string, string>();
        if (selector.Count == 0)
        {
            errors.Add(FieldError.Required(Spec.Child("selector"), ""));
        }
        else
        {
            ObjectMetaValidator.ValidateLabels(selector, Spec.Child("selector"), errors);
        }

        if (spec.Template is null)
        {
            errors.Add(FieldError.Required(Spec.Child("template"), ""));
            return;
        }

        var labels = spec.Template.Metadata?.Labels ?? new Dictionary<string, string>();
        if (selector.Count > 0 && selector.Any(kv => !labels.TryGetValue(kv.Key, out var v) || v != kv.Value))
        {
            errors.Add(FieldError.Invalid(Spec.Child("template").Child("metadata").Child("labels"), WorkloadValidator.LabelsJson(labels), WorkloadValidator.SelectorMismatch));
        }

        PodSpecValidator.ValidateTemplate(spec.Template, Spec.Child("template"), errors);
        WorkloadValidator.ValidateAlwaysRestart(spec.Template, Spec.Child("template"), "ReplicationController", errors);
    }
}
