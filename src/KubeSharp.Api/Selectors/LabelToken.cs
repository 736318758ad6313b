namespace KubeSharp.Api.Selectors;

/// <summary>Lexer tokens of the label selector grammar.</summary>
internal enum LabelToken
{
    EndOfString,
    ClosedPar,
    Comma,
    DoesNotExist,
    DoubleEquals,
    Equals,
    GreaterThan,
    Identifier,
    In,
    LessThan,
    NotEquals,
    NotIn,
    OpenPar,
}
