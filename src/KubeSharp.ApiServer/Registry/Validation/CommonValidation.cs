using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KubeSharp.Api.Errors;

namespace KubeSharp.ApiServer.Registry.Validation;

/// <summary>upstream's small shared checks: ValidateNonnegativeField, ValidateImmutableField, ValidatePositiveIntOrPercent.</summary>
internal static partial class CommonValidation
{
    public const string FieldImmutable = "field is immutable";

    public const string NonNegative = "must be greater than or equal to 0";

    [GeneratedRegex("^[0-9]+%$")]
    private static partial Regex PercentRegex();

    public static void ValidateNonNegative(long? value, FieldPath path, List<FieldError> errors)
    {
        if (value is < 0)
        {
            errors.Add(FieldError.Invalid(path, value.Value, NonNegative));
        }
    }

    /// <summary>Reports the new value as immutable when the field differs (absent and null count as equal).</summary>
    public static void ValidateImmutable(JsonNode? value, JsonNode? old, FieldPath path, List<FieldError> errors)
    {
        if (!JsonNode.DeepEquals(value, old))
        {
            errors.Add(FieldError.Invalid(path, value?.DeepClone(), FieldImmutable));
        }
    }

    /// <summary>An int-or-percent field as JSON: a non-negative integer or "N%"; returns the percent or value, or null if invalid.</summary>
    public static void ValidateIntOrPercent(JsonNode? value, FieldPath path, List<FieldError> errors, bool atMost100Percent)
    {
        if (value is null)
        {
            return;
        }

        if (value.GetValueKind() == JsonValueKind.String)
        {
            var s = value.GetValue<string>();
            if (!PercentRegex().IsMatch(s))
            {
                errors.Add(FieldError.Invalid(path, s, Api.Validation.NameValidation.RegexError(
                    "a valid percent string must be a numeric string followed by an ending '%'", "[0-9]+%", "1%", "93%")));
            }
            else if (atMost100Percent && long.TryParse(s.TrimEnd('%'), out var p) && p > 100)
            {
                errors.Add(FieldError.Invalid(path, s, "must not be greater than 100%"));
            }
        }
        else if (JsonFields.AsLong(value) is { } n)
        {
            ValidateNonNegative(n, path, errors);
        }
    }

    /// <summary>Whether an int-or-percent is zero ("0%" or 0).</summary>
    public static bool IsZero(JsonNode? value) => value?.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>() is "0%" or "0",
        JsonValueKind.Number => JsonFields.AsLong(value) == 0,
        _ => false,
    };
}
