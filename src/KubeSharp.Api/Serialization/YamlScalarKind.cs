namespace KubeSharp.Api.Serialization;

/// <summary>What a YAML scalar resolves to under go-yaml v2's (YAML 1.1 flavoured) rules.</summary>
internal enum YamlScalarKind
{
    String,
    Null,
    Bool,
    Int,
    UInt,
    Float,
}
