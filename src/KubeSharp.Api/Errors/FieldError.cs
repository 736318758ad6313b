using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeSharp.Api.Errors;

/// <summary>
/// A validation error on one field, worded as upstream's field.Error so that kubectl users see the same text:
/// <c>spec.containers[0].image: Required value</c>, <c>metadata.name: Invalid value: "Foo": a lowercase RFC 1123 ...</c>.
/// </summary>
public sealed record FieldError(FieldErrorType Type, string Field, object? BadValue, string Detail)
{
    /// <summary>Marks a <see cref="BadValue"/> that must not be printed (upstream's omitValue).</summary>
    public static readonly object OmitValue = new();

    public static FieldError Required(string field, string detail = "") => new(FieldErrorType.Required, field, null, detail);

    public static FieldError Invalid(string field, object? value, string detail) => new(FieldErrorType.Invalid, field, value, detail);

    public static FieldError NotSupported(string field, object? value, IEnumerable<string> supported) =>
        new(FieldErrorType.NotSupported, field, value, "supported values: " + string.Join(", ", supported.Select(s => Quote(s))));

    public static FieldError Forbidden(string field, string detail) => new(FieldErrorType.Forbidden, field, null, detail);

    public static FieldError Duplicate(string field, object? value) => new(FieldErrorType.Duplicate, field, value, "");

    public static FieldError NotFound(string field, object? value) => new(FieldErrorType.NotFound, field, value, "");

    public static FieldError TooLong(string field, object? value, int maxLength) =>
        new(FieldErrorType.TooLong, field, value, maxLength >= 0 ? $"may not be more than {maxLength} bytes" : "value is too long");

    public static FieldError TooMany(string field, int actual, int max) =>
        new(FieldErrorType.TooMany, field, actual, $"must have at most {max} items");

    public static FieldError TypeInvalid(string field, object? value, string detail) => new(FieldErrorType.TypeInvalid, field, value, detail);

    public static FieldError Internal(string field, string detail) => new(FieldErrorType.Internal, field, null, detail);

    /// <summary>The Status cause reason, e.g. FieldValueRequired.</summary>
    public string Reason => Type switch
    {
        FieldErrorType.NotFound => "FieldValueNotFound",
        FieldErrorType.Required => "FieldValueRequired",
        FieldErrorType.Duplicate => "FieldValueDuplicate",
        FieldErrorType.Invalid => "FieldValueInvalid",
        FieldErrorType.NotSupported => "FieldValueNotSupported",
        FieldErrorType.Forbidden => "FieldValueForbidden",
        FieldErrorType.TooLong => "FieldValueTooLong",
        FieldErrorType.TooMany => "FieldValueTooMany",
        FieldErrorType.Internal => "InternalError",
        FieldErrorType.TypeInvalid => "FieldValueTypeInvalid",
        _ => "FieldValueInvalid",
    };

    private string TypeText => Type switch
    {
        FieldErrorType.NotFound => "Not found",
        FieldErrorType.Required => "Required value",
        FieldErrorType.Duplicate => "Duplicate value",
        FieldErrorType.Invalid => "Invalid value",
        FieldErrorType.NotSupported => "Unsupported value",
        FieldErrorType.Forbidden => "Forbidden",
        FieldErrorType.TooLong => "Too long",
        FieldErrorType.TooMany => "Too many",
        FieldErrorType.Internal => "Internal error",
        FieldErrorType.TypeInvalid => "Invalid value",
        _ => "Invalid value",
    };

    /// <summary>The message without the field path (the Status cause's message).</summary>
    public string Body
    {
        get
        {
            var s = TypeText;
            var omit = Type is FieldErrorType.Required or FieldErrorType.Forbidden or FieldErrorType.TooLong or FieldErrorType.Internal
                || ReferenceEquals(BadValue, OmitValue);
            if (!omit)
            {
                s += ": " + FormatValue(BadValue);
            }

            if (Detail.Length > 0)
            {
                s += ": " + Detail;
            }

            return s;
        }
    }

    public StatusCause ToCause() => new(Reason, Body, Field);

    public override string ToString() => Field.Length > 0 ? $"{Field}: {Body}" : Body;

    internal static string Quote(string s) => JsonSerializer.Serialize(s);

    private static string FormatValue(object? v) => v switch
    {
        null => "null",
        string s => Quote(s),
        bool b => b ? "true" : "false",
        JsonNode n => n.GetValueKind() == JsonValueKind.String ? Quote(n.GetValue<string>()) : n.ToJsonString(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "null",
    };
}
