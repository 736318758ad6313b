namespace KubeSharp.Api.Selectors;

/// <summary>The operators of a label selector requirement (apimachinery's selection.Operator).</summary>
public enum LabelSelectorOperator
{
    In,
    NotIn,
    Equals,
    DoubleEquals,
    NotEquals,
    Exists,
    DoesNotExist,
    GreaterThan,
    LessThan,
}
