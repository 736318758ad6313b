namespace KubeSharp.ApiServer.OpenApi;

/// <summary>How a JSON value is written into a field of a gnostic OpenAPI v2 protobuf message.</summary>
internal enum GnosticFieldKind
{
    String,
    Bool,
    Double,
    Int64,

    /// <summary>A repeated string, from a JSON array (or a single string).</summary>
    Strings,

    /// <summary>A nested message, named by <see cref="GnosticField.Message"/>.</summary>
    Message,

    /// <summary>A repeated nested message, from a JSON array.</summary>
    Messages,
}
