namespace KubeSharp.Api.Errors;

/// <summary>The kinds of field validation error upstream knows (apimachinery/pkg/util/validation/field).</summary>
public enum FieldErrorType
{
    NotFound,
    Required,
    Duplicate,
    Invalid,
    NotSupported,
    Forbidden,
    TooLong,
    TooMany,
    Internal,
    TypeInvalid,
}
