namespace KubeSharp.Api.Serialization;

/// <summary>A mapping key given twice, as strict decoding (fieldValidation=Strict) reports it.</summary>
/// <param name="Line">1-based line of the repeated key.</param>
/// <param name="Key">The key as written.</param>
public sealed record YamlDuplicateKey(int Line, string Key)
{
    /// <summary>go-yaml's wording: <c>line 7: key "image" already set in map</c>.</summary>
    public override string ToString() => $"line {Line}: key {Selectors.GoText.Quote(Key)} already set in map";
}
