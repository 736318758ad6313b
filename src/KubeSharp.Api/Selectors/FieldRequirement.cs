namespace KubeSharp.Api.Selectors;

/// <summary>One term of a field selector; <see cref="Value"/> is unescaped.</summary>
public sealed record FieldRequirement(string Field, FieldSelectorOperator Operator, string Value)
{
    public bool Matches(Func<string, string?> fieldValue)
    {
        // A field the object lacks compares as the empty string, as upstream's fields.Set.Get.
        var actual = fieldValue(Field) ?? "";
        return Operator == FieldSelectorOperator.Equals ? actual == Value : actual != Value;
    }

    /// <summary>Upstream's term String(): <c>field=value</c> or <c>field!=value</c>, the value re-escaped.</summary>
    public override string ToString() =>
        Field + (Operator == FieldSelectorOperator.Equals ? "=" : "!=") + FieldSelector.EscapeValue(Value);
}
