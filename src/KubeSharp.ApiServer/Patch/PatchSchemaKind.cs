namespace KubeSharp.ApiServer.Patch;

/// <summary>The shape of a value in a <see cref="PatchSchema"/>.</summary>
internal enum PatchSchemaKind
{
    /// <summary>A type with declared fields (a Go struct).</summary>
    Struct,

    /// <summary>A map of string keys to values of one element type (labels, data).</summary>
    Map,

    /// <summary>A list; how it merges is told by the strategy and list type.</summary>
    List,

    /// <summary>A string, number, boolean, quantity, time or int-or-string.</summary>
    Scalar,

    /// <summary>Nothing is known (custom resources, raw extensions): objects merge per key, lists are atomic.</summary>
    Unknown,
}
