using k8s.Models;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Registry.Strategies.Pods;

namespace KubeSharp.ApiServer.Registry.Validation;

/// <summary>What ReplicaSets, Deployments, DaemonSets and StatefulSets share: a required non-empty selector that matches the template.</summary>
internal static class WorkloadValidator
{
    public const string SelectorMismatch = "`selector` does not match template `labels`";

    public static void ValidateSelectorAndTemplate(V1LabelSelector? selector, V1PodTemplateSpec? template, FieldPath spec, string kindForMessage,
        List<FieldError> errors)
    {
        if (selector is null)
        {
            errors.Add(FieldError.Required(spec.Child("selector"), ""));
        }
        else
        {
            LabelSelectorValidator.Validate(selector, spec.Child("selector"), errors);
            if (LabelSelectorValidator.IsEmpty(selector))
            {
                errors.Add(FieldError.Invalid(spec.Child("selector"), SelectorJson(selector), $"empty selector is invalid for {kindForMessage}"));
            }
        }

        var templatePath = spec.Child("template");
        if (template is null)
        {
            errors.Add(FieldError.Required(templatePath, ""));
            return;
        }

        if (!LabelSelectorValidator.IsEmpty(selector) && !LabelSelectorValidator.Matches(selector, template.Metadata?.Labels))
        {
            errors.Add(FieldError.Invalid(templatePath.Child("metadata").Child("labels"), LabelsJson(template.Metadata?.Labels), SelectorMismatch));
        }

        PodSpecValidator.ValidateTemplate(template, templatePath, errors);
    }

    /// <summary>Controllers that keep pods running need restartPolicy Always and no deadline.</summary>
    public static void ValidateAlwaysRestart(V1PodTemplateSpec? template, FieldPath templatePath, string kind, List<FieldError> errors)
    {
        var policy = template?.Spec?.RestartPolicy;
        if (!string.IsNullOrEmpty(policy) && policy != "Always")
        {
            errors.Add(FieldError.NotSupported(templatePath.Child("spec").Child("restartPolicy"), policy, ["Always"]));
        }

        if (template?.Spec?.ActiveDeadlineSeconds is not null)
        {
            errors.Add(FieldError.Forbidden(templatePath.Child("spec").Child("activeDeadlineSeconds"), $"activeDeadlineSeconds in {kind} is not Supported"));
        }
    }

    public static System.Text.Json.Nodes.JsonNode? LabelsJson(IDictionary<string, string>? labels) =>
        System.Text.Json.Nodes.JsonNode.Parse(k8s.KubernetesJson.Serialize(labels ?? new Dictionary<string, string>()));

    public static System.Text.Json.Nodes.JsonNode? SelectorJson(V1LabelSelector selector) =>
        System.Text.Json.Nodes.JsonNode.Parse(k8s.KubernetesJson.Serialize(selector));
}
