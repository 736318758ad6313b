using System.Text.Json.Nodes;
using k8s.Models;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Registry.Strategies.Pods;
using KubeSharp.ApiServer.Registry.Validation;

namespace KubeSharp.ApiServer.Registry.Strategies.Jobs;

/// <summary>batch/v1 Job: SetDefaults_Job, the generated selector and controller-uid labels, and ValidateJob / ValidateJobUpdate.</summary>
internal sealed class JobStrategy : ResourceStrategy
{
    public const string LegacyJobNameLabel = "job-name";
    public const string JobNameLabel = "batch.kubernetes.io/job-name";
    public const string LegacyControllerUidLabel = "controller-uid";
    public const string ControllerUidLabel = "batch.kubernetes.io/controller-uid";

    public static readonly JobStrategy Instance = new();

    private static readonly FieldPath Spec = FieldPath.Root("spec");
    private static readonly string[] SchedulingDirectives = ["nodeSelector", "affinity", "tolerations", "schedulingGates"];

    public override void ApplyDefaults(JsonObject obj)
    {
        TypedObject.Read<V1Job>(obj, "Job");
        if (JsonFields.EnsureObj(obj, "spec") is not { } spec)
        {
            return;
        }

        if (JsonFields.IsUnset(spec, "completions") && JsonFields.IsUnset(spec, "parallelism"))
        {
            spec["completions"] = 1;
        }

        JsonFields.Default(spec, "parallelism", 1);
        JsonFields.Default(spec, "backoffLimit", JsonFields.IsUnset(spec, "backoffLimitPerIndex") ? 6 : int.MaxValue);
        JsonFields.DefaultString(spec, "completionMode", "NonIndexed");
        JsonFields.Default(spec, "suspend", false);
        JsonFields.DefaultString(spec, "podReplacementPolicy", JsonFields.IsUnset(spec, "podFailurePolicy") ? "TerminatingOrFailed" : "Failed");
        foreach (var rule in JsonFields.Objects(JsonFields.Arr(JsonFields.Obj(spec, "podFailurePolicy"), "rules")))
        {
            foreach (var pattern in JsonFields.Objects(JsonFields.Arr(rule, "onPodConditions")))
            {
                JsonFields.DefaultString(pattern, "status", "True");
            }
        }

        var template = JsonFields.EnsureObj(spec, "template");
        if (JsonFields.Obj(JsonFields.Obj(template, "metadata"), "labels") is { } templateLabels
            && JsonFields.EnsureObj(obj, "metadata") is { } meta && JsonFields.Obj(meta, "labels") is null or { Count: 0 })
        {
            meta["labels"] = templateLabels.DeepClone();
        }

        PodSpecDefaults.ApplyToTemplate(template);
    }

    public override void PrepareForCreate(JsonObject obj)
    {
        obj.Remove("status");
        if (JsonFields.Obj(obj, "spec") is not { } spec || JsonFields.Bool(spec, "manualSelector") == true
            || JsonFields.EnsureObj(obj, "metadata") is not { } meta)
        {
            return;
        }

        if (string.IsNullOrEmpty(JsonFields.Str(meta, "uid")))
        {
            meta["uid"] = Guid.NewGuid().ToString();
        }

        var uid = JsonFields.Str(meta, "uid")!;
        var name = JsonFields.Str(meta, "name") ?? "";
        if (JsonFields.EnsureObj(spec, "template") is not { } template || JsonFields.EnsureObj(template, "metadata") is not { } templateMeta
            || JsonFields.EnsureObj(templateMeta, "labels") is not { } labels)
        {
            return;
        }

        // Defaulting copied the template's labels to the Job; upstream shares that map, so the Job shows the generated labels too.
        var sharesLabels = JsonNode.DeepEquals(JsonFields.Obj(meta, "labels"), labels) && labels.Count > 0;
        if (JsonFields.Str(labels, LegacyJobNameLabel) is null)
        {
            labels[LegacyJobNameLabel] = name;
        }

        labels[JobNameLabel] = name;
        labels[LegacyControllerUidLabel] = uid;
        labels[ControllerUidLabel] = uid;
        if (JsonFields.EnsureObj(spec, "selector") is { } selector && JsonFields.EnsureObj(selector, "matchLabels") is { } matchLabels
            && !matchLabels.ContainsKey(ControllerUidLabel))
        {
            matchLabels[ControllerUidLabel] = uid;
        }

        if (sharesLabels)
        {
            meta["labels"] = labels.DeepClone();
        }
    }

    public override void Validate(JsonObject obj, List<FieldError> errors)
    {
        var job = TypedObject.Read<V1Job>(obj, "Job");
        var spec = job.Spec ?? new V1JobSpec();
        if (spec.Selector is null)
        {
            errors.Add(FieldError.Required(Spec.Child("selector"), ""));
        }

        ValidateSpec(spec, Spec, errors);
    }

    /// <summary>validateJobSpec, shared with CronJob's jobTemplate (where the selector is not generated and may be absent).</summary>
    public static void ValidateSpec(V1JobSpec spec, FieldPath path, List<FieldError> errors)
    {
        CommonValidation.ValidateNonNegative(spec.Parallelism, path.Child("parallelism"), errors);
        CommonValidation.ValidateNonNegative(spec.Completions, path.Child("completions"), errors);
        CommonValidation.ValidateNonNegative(spec.BackoffLimit, path.Child("backoffLimit"), errors);
        CommonValidation.ValidateNonNegative(spec.TtlSecondsAfterFinished, path.Child("ttlSecondsAfterFinished"), errors);
        if (spec.ActiveDeadlineSeconds is < 0)
        {
            errors.Add(FieldError.Invalid(path.Child("activeDeadlineSeconds"), spec.ActiveDeadlineSeconds.Value, CommonValidation.NonNegative));
        }

        if (spec.CompletionMode is { } mode && mode is not ("NonIndexed" or "Indexed"))
        {
            errors.Add(FieldError.NotSupported(path.Child("completionMode"), mode, ["NonIndexed", "Indexed"]));
        }

        if (spec.CompletionMode == "Indexed" && spec.Completions is null)
        {
            errors.Add(FieldError.Required(path.Child("completions"), "when completion mode is Indexed"));
        }

        if (spec.Selector is not null)
        {
            LabelSelectorValidator.Validate(spec.Selector, path.Child("selector"), errors);
            if (!LabelSelectorValidator.IsEmpty(spec.Selector) && !LabelSelectorValidator.Matches(spec.Selector, spec.Template?.Metadata?.Labels))
            {
                errors.Add(FieldError.Invalid(path.Child("template").Child("metadata").Child("labels"),
                    WorkloadValidator.LabelsJson(spec.Template?.Metadata?.Labels), WorkloadValidator.SelectorMismatch));
            }
        }

        PodSpecValidator.ValidateTemplate(spec.Template, path.Child("template"), errors);
        var policy = spec.Template?.Spec?.RestartPolicy;
        if (policy is not ("OnFailure" or "Never"))
        {
            errors.Add(FieldError.NotSupported(path.Child("template").Child("spec").Child("restartPolicy"), policy ?? "", ["OnFailure", "Never"]));
        }
    }

    public override void ValidateUpdate(JsonObject obj, JsonObject old, List<FieldError> errors)
    {
        Validate(obj, errors);
        var spec = JsonFields.Obj(obj, "spec") ?? [];
        var oldSpec = JsonFields.Obj(old, "spec") ?? [];
        CommonValidation.ValidateImmutable(spec["selector"], oldSpec["selector"], Spec.Child("selector"), errors);
        CommonValidation.ValidateImmutable(spec["completionMode"], oldSpec["completionMode"], Spec.Child("completionMode"), errors);
        CommonValidation.ValidateImmutable(spec["completions"], oldSpec["completions"], Spec.Child("completions"), errors);

        // A suspended Job that never started may change its scheduling directives (upstream's allowMutableSchedulingDirectives).
        var template = JsonFields.Obj(spec, "template")?.DeepClone() as JsonObject;
        var oldTemplate = JsonFields.Obj(oldSpec, "template")?.DeepClone() as JsonObject;
        var mutable = JsonFields.Bool(oldSpec, "suspend") == true && JsonFields.Str(JsonFields.Obj(old, "status"), "startTime") is null;
        if (mutable && template is not null && oldTemplate is not null)
        {
            foreach (var t in new[] { template, oldTemplate })
            {
                JsonFields.Obj(t, "metadata")?.Remove("labels");
                JsonFields.Obj(t, "metadata")?.Remove("annotations");
                foreach (var directive in SchedulingDirectives)
                {
                    JsonFields.Obj(t, "spec")?.Remove(directive);
                }
            }
        }

        if (!JsonNode.DeepEquals(template, oldTemplate))
        {
            errors.Add(FieldError.Invalid(Spec.Child("template"), spec["template"]?.DeepClone(), CommonValidation.FieldImmutable));
        }
    }
}
