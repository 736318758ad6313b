namespace KubeSharp.Api.Selectors;

/// <summary>Field selectors support only exact matches (= or ==) and their negation (!=).</summary>
public enum FieldSelectorOperator
{
    Equals,
    NotEquals,
}
