using k8s.Models;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Registry.Strategies.PersistentVolumes;

/// <summary>upstream's ValidateNodeSelector / ValidateNodeSelectorTerm and the requirement checks for labels and fields.</summary>
internal static class NodeSelectorValidator
{
    public static void Validate(V1NodeSelector selector, FieldPath path, List<FieldError> errors)
    {
        var termsPath = path.Child("nodeSelectorTerms");
        var terms = selector.NodeSelectorTerms ?? [];
        if (terms.Count == 0)
        {
            errors.Add(FieldError.Required(termsPath, "must have at least one node selector term"));
            return;
        }

        for (var i = 0; i < terms.Count; i++)
        {
            var termPath = termsPath.Index(i);
            var expressions = terms[i]?.MatchExpressions ?? [];
            for (var j = 0; j < expressions.Count; j++)
            {
                ValidateRequirement(expressions[j], termPath.Child("matchExpressions").Index(j), errors);
            }

            var fields = terms[i]?.MatchFields ?? [];
            for (var j = 0; j < fields.Count; j++)
            {
                ValidateFieldRequirement(fields[j], termPath.Child("matchFields").Index(j), errors);
            }
        }
    }

    private static void ValidateRequirement(V1NodeSelectorRequirement requirement, FieldPath path, List<FieldError> errors)
    {
        var values = requirement.Values ?? [];
        switch (requirement.OperatorProperty)
        {
            case "In" or "NotIn":
                if (values.Count == 0)
                {
                    errors.Add(FieldError.Required(path.Child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
                }

                break;
            case "Exists" or "DoesNotExist":
                if (values.Count > 0)
                {
                    errors.Add(FieldError.Forbidden(path.Child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                }

                break;
            case "Gt" or "Lt":
                if (values.Count != 1)
                {
                    errors.Add(FieldError.Required(path.Child("values"), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
                }

                break;
            default:
                errors.Add(FieldError.Invalid(path.Child("operator"), requirement.OperatorProperty ?? "", "not a valid selector operator"));
                break;
        }

        foreach (var msg in NameValidation.IsQualifiedName(requirement.Key ?? ""))
        {
            errors.Add(FieldError.Invalid(path.Child("key"), requirement.Key ?? "", msg));
        }

        for (var i = 0; i < values.Count; i++)
        {
            foreach (var msg in NameValidation.IsValidLabelValue(values[i] ?? ""))
            {
                errors.Add(FieldError.Invalid(path.Child("values").Index(i), values[i], msg));
            }
        }
    }

    private static void ValidateFieldRequirement(V1NodeSelectorRequirement requirement, FieldPath path, List<FieldError> errors)
    {
        var values = requirement.Values ?? [];
        if (requirement.OperatorProperty is "In" or "NotIn")
        {
            if (values.Count != 1)
            {
                errors.Add(FieldError.Required(path.Child("values"), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
            }
        }
        else
        {
            errors.Add(FieldError.Invalid(path.Child("operator"), requirement.OperatorProperty ?? "", "not a valid selector operator"));
        }

        if (requirement.Key != "metadata.name")
        {
            errors.Add(FieldError.Invalid(path.Child("key"), requirement.Key ?? "", "not a valid field selector key"));
            return;
        }

        for (var i = 0; i < values.Count; i++)
        {
            foreach (var msg in NameValidation.IsDns1123Subdomain(values[i] ?? ""))
            {
                errors.Add(FieldError.Invalid(path.Child("values").Index(i), values[i], msg));
            }
        }
    }
}
