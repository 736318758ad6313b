using System.Text.Json.Nodes;
using k8s.Models;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Registry.Strategies.Jobs;
using KubeSharp.ApiServer.Registry.Strategies.Pods;
using KubeSharp.ApiServer.Registry.Validation;

namespace KubeSharp.ApiServer.Registry.Strategies.CronJobs;

/// <summary>batch/v1 CronJob: SetDefaults_CronJob and ValidateCronJob (schedule, policy, name length, job template).</summary>
internal sealed class CronJobStrategy : ResourceStrategy
{
    public static readonly CronJobStrategy Instance = new();

    private static readonly FieldPath Spec = FieldPath.Root("spec");
    private static readonly string[] ConcurrencyPolicies = ["Allow", "Forbid", "Replace"];

    public override void ApplyDefaults(JsonObject obj)
    {
        TypedObject.Read<V1CronJob>(obj, "CronJob");
        if (JsonFields.EnsureObj(obj, "spec") is not { } spec)
        {
            return;
        }

        JsonFields.DefaultString(spec, "concurrencyPolicy", "Allow");
        JsonFields.Default(spec, "suspend", false);
        JsonFields.Default(spec, "successfulJobsHistoryLimit", 3);
        JsonFields.Default(spec, "failedJobsHistoryLimit", 1);
        if (JsonFields.EnsureObj(spec, "jobTemplate") is { } jobTemplate && JsonFields.EnsureObj(jobTemplate, "spec") is { } jobSpec)
        {
            PodSpecDefaults.ApplyToTemplate(JsonFields.EnsureObj(jobSpec, "template"));
        }
    }

    public override void Validate(JsonObject obj, List<FieldError> errors)
    {
        var cj = TypedObject.Read<V1CronJob>(obj, "CronJob");
        var name = cj.Metadata?.Name ?? "";
        if (name.Length > 52)
        {
            errors.Add(FieldError.Invalid(FieldPath.Root("metadata").Child("name"), name, "must be no more than 52 characters"));
        }

        var spec = cj.Spec ?? new V1CronJobSpec();
        var schedule = spec.Schedule ?? "";
        if (schedule.Length == 0)
        {
            errors.Add(FieldError.Required(Spec.Child("schedule"), ""));
        }
        else if (schedule.Contains("TZ", StringComparison.Ordinal))
        {
            errors.Add(FieldError.Invalid(Spec.Child("schedule"), schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
        }
        else if (CronSchedule.Check(schedule) is { } err)
        {
            errors.Add(FieldError.Invalid(Spec.Child("schedule"), schedule, err));
        }

        if (string.IsNullOrEmpty(spec.ConcurrencyPolicy))
        {
            errors.Add(FieldError.Required(Spec.Child("concurrencyPolicy"), ""));
        }
        else if (!ConcurrencyPolicies.Contains(spec.ConcurrencyPolicy))
        {
            errors.Add(FieldError.NotSupported(Spec.Child("concurrencyPolicy"), spec.ConcurrencyPolicy, ConcurrencyPolicies));
        }

        CommonValidation.ValidateNonNegative(spec.StartingDeadlineSeconds, Spec.Child("startingDeadlineSeconds"), errors);
        CommonValidation.ValidateNonNegative(spec.SuccessfulJobsHistoryLimit, Spec.Child("successfulJobsHistoryLimit"), errors);
        CommonValidation.ValidateNonNegative(spec.FailedJobsHistoryLimit, Spec.Child("failedJobsHistoryLimit"), errors);
        var jobTemplate = Spec.Child("jobTemplate");
        if (spec.JobTemplate?.Metadata is { } meta)
        {
            ObjectMetaValidator.ValidateLabels(meta.Labels ?? new Dictionary<string, string>(), jobTemplate.Child("metadata").Child("labels"), errors);
            ObjectMetaValidator.ValidateAnnotations(meta.Annotations ?? new Dictionary<string, string>(), jobTemplate.Child("metadata").Child("annotations"), errors);
        }

        JobStrategy.ValidateSpec(spec.JobTemplate?.Spec ?? new V1JobSpec(), jobTemplate.Child("spec"), errors);
    }
}
