using System.Globalization;

namespace KubeSharp.Api.Selectors;

/// <summary>One term of a label selector: a key, an operator and (for set and exact matches) values.</summary>
public sealed record LabelRequirement(string Key, LabelSelectorOperator Operator, IReadOnlyList<string> Values)
{
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var has = labels.TryGetValue(Key, out var value);
        switch (Operator)
        {
            case LabelSelectorOperator.In or LabelSelectorOperator.Equals or LabelSelectorOperator.DoubleEquals:
                return has && Values.Contains(value!, StringComparer.Ordinal);
            case LabelSelectorOperator.NotIn or LabelSelectorOperator.NotEquals:
                return !has || !Values.Contains(value!, StringComparer.Ordinal);
            case LabelSelectorOperator.Exists:
                return has;
            case LabelSelectorOperator.DoesNotExist:
                return !has;
            case LabelSelectorOperator.GreaterThan or LabelSelectorOperator.LessThan:
                if (!has || Values.Count != 1
                    || !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var actual)
                    || !long.TryParse(Values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var bound))
                {
                    return false;
                }

                return Operator == LabelSelectorOperator.GreaterThan ? actual > bound : actual < bound;
            default:
                return false;
        }
    }

    /// <summary>Upstream's Requirement.String(): <c>!key</c>, <c>key</c>, <c>key=v</c>, <c>key in (a,b)</c>, values sorted.</summary>
    public override string ToString()
    {
        var op = Operator switch
        {
            LabelSelectorOperator.Equals => "=",
            LabelSelectorOperator.DoubleEquals => "==",
            LabelSelectorOperator.NotEquals => "!=",
            LabelSelectorOperator.In => " in ",
            LabelSelectorOperator.NotIn => " notin ",
            LabelSelectorOperator.GreaterThan => ">",
            LabelSelectorOperator.LessThan => "<",
            LabelSelectorOperator.DoesNotExist => null,
            _ => null,
        };
        if (op is null)
        {
            return Operator == LabelSelectorOperator.DoesNotExist ? "!" + Key : Key;
        }

        var values = Values.Count == 1 ? Values[0] : string.Join(",", Values.Order(StringComparer.Ordinal));
        return Operator is LabelSelectorOperator.In or LabelSelectorOperator.NotIn
            ? $"{Key}{op}({values})"
            : Key + op + values;
    }
}
