using KubeSharp.Api.Validation;

namespace KubeSharp.Api.Selectors;

/// <summary>Upstream's labels.NewRequirement checks, returning the aggregated error text or null.</summary>
internal static class LabelRequirementValidator
{
    public static string? Validate(string key, LabelSelectorOperator op, IReadOnlyList<string>? values)
    {
        var errors = new List<string>();
        var keyErrors = NameValidation.IsQualifiedName(key);
        if (keyErrors.Count > 0)
        {
            errors.Add(Invalid("key", GoText.Quote(key), string.Join("; ", keyErrors)));
        }

        var count = values?.Count ?? 0;
        switch (op)
        {
            case LabelSelectorOperator.In or LabelSelectorOperator.NotIn when count == 0:
                errors.Add(Invalid("values", GoText.StringSlice(values), "for 'in', 'notin' operators, values set can't be empty"));
                break;
            case LabelSelectorOperator.Equals or LabelSelectorOperator.DoubleEquals or LabelSelectorOperator.NotEquals when count != 1:
                errors.Add(Invalid("values", GoText.StringSlice(values), "exact-match compatibility requires one single value"));
                break;
            case LabelSelectorOperator.Exists or LabelSelectorOperator.DoesNotExist when count != 0:
                errors.Add(Invalid("values", GoText.StringSlice(values), "values set must be empty for exists and does not exist"));
                break;
            case LabelSelectorOperator.GreaterThan or LabelSelectorOperator.LessThan:
                if (count != 1)
                {
                    errors.Add(Invalid("values", GoText.StringSlice(values), "for 'Gt', 'Lt' operators, exactly one value is required"));
                }

                for (var i = 0; i < count; i++)
                {
                    if (!long.TryParse(values![i], System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _))
                    {
                        errors.Add(Invalid($"values[{i}]", GoText.Quote(values[i]), "for 'Gt', 'Lt' operators, the value must be an integer"));
                    }
                }

                break;
        }

        for (var i = 0; i < count; i++)
        {
            var valueErrors = NameValidation.IsValidLabelValue(values![i]);
            if (valueErrors.Count > 0)
            {
                errors.Add(Invalid($"values[{i}][{key}]", GoText.Quote(values[i]), string.Join("; ", valueErrors)));
            }
        }

        return Aggregate(errors);
    }

    /// <summary>A key check outside NewRequirement, where upstream passes a nil field path (printed "&lt;nil&gt;").</summary>
    public static string? ValidateKey(string key)
    {
        var keyErrors = NameValidation.IsQualifiedName(key);
        return keyErrors.Count == 0 ? null : Invalid("<nil>", GoText.Quote(key), string.Join("; ", keyErrors));
    }

    private static string Invalid(string field, string value, string detail) => $"{field}: Invalid value: {value}: {detail}";

    /// <summary>utilerrors.NewAggregate(...).Error(): one message alone, several deduplicated in brackets.</summary>
    private static string? Aggregate(List<string> errors)
    {
        var distinct = errors.Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count switch
        {
            0 => null,
            1 => distinct[0],
            _ => "[" + string.Join(", ", distinct) + "]",
        };
    }
}
