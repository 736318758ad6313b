using k8s.Models;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Registry.Validation;

/// <summary>upstream's ValidateLabelSelector and LabelSelectorAsSelector().Matches for metav1.LabelSelector.</summary>
internal static class LabelSelectorValidator
{
    private static readonly string[] Operators = ["In", "NotIn", "Exists", "DoesNotExist"];

    public static void Validate(V1LabelSelector? selector, FieldPath path, List<FieldError> errors)
    {
        if (selector is null)
        {
            return;
        }

        ObjectMetaValidator.ValidateLabels(selector.MatchLabels ?? new Dictionary<string, string>(), path.Child("matchLabels"), errors);
        for (var i = 0; i < (selector.MatchExpressions?.Count ?? 0); i++)
        {
            var r = selector.MatchExpressions![i];
            var idx = path.Child("matchExpressions").Index(i);
            switch (r.OperatorProperty)
            {
                case "In" or "NotIn":
                    if (r.Values is null or { Count: 0 })
                    {
                        errors.Add(FieldError.Required(idx.Child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
                    }

                    break;
                case "Exists" or "DoesNotExist":
                    if (r.Values is { Count: > 0 })
                    {
                        errors.Add(FieldError.Forbidden(idx.Child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                    }

                    break;
                default:
                    errors.Add(FieldError.Invalid(idx.Child("operator"), r.OperatorProperty ?? "", "not a valid selector operator"));
                    break;
            }

            foreach (var msg in NameValidation.IsQualifiedName(r.Key ?? ""))
            {
                errors.Add(FieldError.Invalid(idx.Child("key"), r.Key ?? "", msg));
            }
        }
    }

    public static bool IsEmpty(V1LabelSelector? selector) =>
        selector is null || (selector.MatchLabels?.Count ?? 0) + (selector.MatchExpressions?.Count ?? 0) == 0;

    /// <summary>Whether the labels satisfy the selector; an invalid requirement matches nothing.</summary>
    public static bool Matches(V1LabelSelector? selector, IDictionary<string, string>? labels)
    {
        labels ??= new Dictionary<string, string>();
        if (selector is null)
        {
            return false;
        }

        foreach (var (k, v) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            if (!labels.TryGetValue(k, out var actual) || actual != v)
            {
                return false;
            }
        }

        foreach (var r in selector.MatchExpressions ?? [])
        {
            var has = labels.TryGetValue(r.Key ?? "", out var value);
            var ok = r.OperatorProperty switch
            {
                "In" => has && (r.Values ?? []).Contains(value!),
                "NotIn" => !has || !(r.Values ?? []).Contains(value!),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
