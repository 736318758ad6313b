namespace KubeSharp.Api.Selectors;

/// <summary>
/// The label selector grammar of upstream's labels.Parse: a lexer that scans all tokens up front and a recursive
/// descent parser whose error texts match upstream's, since clients see them in 400 responses.
/// </summary>
internal sealed class LabelSelectorParser
{
    private const string BinaryOperators = "in, notin, =, ==, !=, gt, lt";

    private readonly List<(LabelToken Token, string Literal)> _items = [];
    private int _position;

    private LabelSelectorParser(string text)
    {
        var pos = 0;
        while (true)
        {
            var item = Lex(text, ref pos);
            _items.Add(item);
            if (item.Token == LabelToken.EndOfString)
            {
                break;
            }
        }
    }

    /// <summary>Parses the selector; on error returns null and the message (without any HTTP wrapping).</summary>
    public static List<LabelRequirement>? Parse(string text, out string? error)
    {
        var parser = new LabelSelectorParser(text);
        var requirements = parser.ParseAll(out error);
        if (requirements is null)
        {
            return null;
        }

        // Upstream sorts by key (unstable); a stable sort keeps equal keys in input order.
        return [.. requirements.OrderBy(r => r.Key, StringComparer.Ordinal)];
    }

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static bool IsSpecial(char c) => c is '=' or '!' or '(' or ')' or ',' or '>' or '<';

    // Go reads bytes and treats a NUL as the end of input; the same here.
    private static char Read(string s, ref int pos) => pos < s.Length ? s[pos++] : '\0';

    private static (LabelToken Token, string Literal) Lex(string s, ref int pos)
    {
        var ch = Read(s, ref pos);
        while (IsWhitespace(ch))
        {
            ch = Read(s, ref pos);
        }

        if (ch == '\0')
        {
            return (LabelToken.EndOfString, "");
        }

        if (IsSpecial(ch))
        {
            var next = pos < s.Length ? s[pos] : '\0';
            switch (ch)
            {
                case '!' when next == '=':
                    pos++;
                    return (LabelToken.NotEquals, "!=");
                case '=' when next == '=':
                    pos++;
                    return (LabelToken.DoubleEquals, "==");
                case '!': return (LabelToken.DoesNotExist, "!");
                case '=': return (LabelToken.Equals, "=");
                case '(': return (LabelToken.OpenPar, "(");
                case ')': return (LabelToken.ClosedPar, ")");
                case ',': return (LabelToken.Comma, ",");
                case '>': return (LabelToken.GreaterThan, ">");
                default: return (LabelToken.LessThan, "<");
            }
        }

        var start = pos - 1;
        while (pos < s.Length && s[pos] != '\0' && !IsSpecial(s[pos]) && !IsWhitespace(s[pos]))
        {
            pos++;
        }

        var word = s[start..pos];
        return word switch
        {
            "in" => (LabelToken.In, word),
            "notin" => (LabelToken.NotIn, word),
            _ => (LabelToken.Identifier, word),
        };
    }

    // In the Values context the keywords in/notin are ordinary identifiers (e.g. "x in (in)").
    private (LabelToken Token, string Literal) Lookahead(bool values)
    {
        var (tok, lit) = _items[_position];
        return values && tok is LabelToken.In or LabelToken.NotIn ? (LabelToken.Identifier, lit) : (tok, lit);
    }

    private (LabelToken Token, string Literal) Consume(bool values)
    {
        var item = Lookahead(values);
        _position++;
        return item;
    }

    private List<LabelRequirement>? ParseAll(out string? error)
    {
        var requirements = new List<LabelRequirement>();
        while (true)
        {
            var (tok, lit) = Lookahead(values: true);
            switch (tok)
            {
                case LabelToken.Identifier or LabelToken.DoesNotExist:
                    var requirement = ParseRequirement(out var inner);
                    if (requirement is null)
                    {
                        error = "unable to parse requirement: " + inner;
                        return null;
                    }

                    requirements.Add(requirement);
                    var (t, l) = Consume(values: true);
                    switch (t)
                    {
                        case LabelToken.EndOfString:
                            error = null;
                            return requirements;
                        case LabelToken.Comma:
                            var (t2, l2) = Lookahead(values: true);
                            if (t2 is not (LabelToken.Identifier or LabelToken.DoesNotExist))
                            {
                                error = $"found '{l2}', expected: identifier after ','";
                                return null;
                            }

                            break;
                        default:
                            error = $"found '{l}', expected: ',' or 'end of string'";
                            return null;
                    }

                    break;
                case LabelToken.EndOfString:
                    error = null;
                    return requirements;
                default:
                    error = $"found '{lit}', expected: !, identifier, or 'end of string'";
                    return null;
            }
        }
    }

    private LabelRequirement? ParseRequirement(out string? error)
    {
        var (key, op) = ParseKeyAndInferOperator(out error);
        if (key is null)
        {
            return null;
        }

        if (op is LabelSelectorOperator.Exists or LabelSelectorOperator.DoesNotExist)
        {
            return Build(key, op.Value, [], out error);
        }

        var (tok, lit) = Consume(values: false);
        LabelSelectorOperator binary;
        switch (tok)
        {
            case LabelToken.In: binary = LabelSelectorOperator.In; break;
            case LabelToken.NotIn: binary = LabelSelectorOperator.NotIn; break;
            case LabelToken.Equals: binary = LabelSelectorOperator.Equals; break;
            case LabelToken.DoubleEquals: binary = LabelSelectorOperator.DoubleEquals; break;
            case LabelToken.NotEquals: binary = LabelSelectorOperator.NotEquals; break;
            case LabelToken.GreaterThan: binary = LabelSelectorOperator.GreaterThan; break;
            case LabelToken.LessThan: binary = LabelSelectorOperator.LessThan; break;
            default:
                error = $"found '{lit}', expected: {BinaryOperators}";
                return null;
        }

        IEnumerable<string>? values = binary is LabelSelectorOperator.In or LabelSelectorOperator.NotIn
            ? ParseValues(out error)
            : ParseExactValue(out error);
        return values is null ? null : Build(key, binary, [.. values], out error);
    }

    private static LabelRequirement? Build(string key, LabelSelectorOperator op, List<string> values, out string? error)
    {
        error = LabelRequirementValidator.Validate(key, op, values);
        return error is null ? new LabelRequirement(key, op, values) : null;
    }

    private (string? Key, LabelSelectorOperator? Operator) ParseKeyAndInferOperator(out string? error)
    {
        LabelSelectorOperator? op = null;
        var (tok, lit) = Consume(values: true);
        if (tok == LabelToken.DoesNotExist)
        {
            op = LabelSelectorOperator.DoesNotExist;
            (tok, lit) = Consume(values: true);
        }

        if (tok != LabelToken.Identifier)
        {
            error = $"found '{lit}', expected: identifier";
            return (null, null);
        }

        error = LabelRequirementValidator.ValidateKey(lit);
        if (error is not null)
        {
            return (null, null);
        }

        if (Lookahead(values: true).Token is LabelToken.EndOfString or LabelToken.Comma && op is null)
        {
            op = LabelSelectorOperator.Exists;
        }

        return (lit, op);
    }

    /// <summary>"(a,b,c)"; empty entries such as "(,a)" or "()" stand for the empty value, as upstream.</summary>
    private SortedSet<string>? ParseValues(out string? error)
    {
        var (tok, lit) = Consume(values: true);
        if (tok != LabelToken.OpenPar)
        {
            error = $"found '{lit}' expected: '('";
            return null;
        }

        (tok, lit) = Lookahead(values: true);
        switch (tok)
        {
            case LabelToken.Identifier or LabelToken.Comma:
                var set = ParseIdentifiersList(out error);
                if (set is null)
                {
                    return null;
                }

                if (Consume(values: true).Token != LabelToken.ClosedPar)
                {
                    error = $"found '{lit}', expected: ')'";
                    return null;
                }

                return set;
            case LabelToken.ClosedPar:
                Consume(values: true);
                error = null;
                return new SortedSet<string>(StringComparer.Ordinal) { "" };
            default:
                error = $"found '{lit}', expected: ',', ')' or identifier";
                return null;
        }
    }

    private SortedSet<string>? ParseIdentifiersList(out string? error)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var (tok, lit) = Consume(values: true);
            switch (tok)
            {
                case LabelToken.Identifier:
                    set.Add(lit);
                    var (tok2, lit2) = Lookahead(values: true);
                    switch (tok2)
                    {
                        case LabelToken.Comma:
                            continue;
                        case LabelToken.ClosedPar:
                            error = null;
                            return set;
                        default:
                            error = $"found '{lit2}', expected: ',' or ')'";
                            return null;
                    }

                case LabelToken.Comma:
                    if (set.Count == 0)
                    {
                        set.Add("");
                    }

                    var next = Lookahead(values: true).Token;
                    if (next == LabelToken.ClosedPar)
                    {
                        set.Add("");
                        error = null;
                        return set;
                    }

                    if (next == LabelToken.Comma)
                    {
                        Consume(values: true);
                        set.Add("");
                    }

                    break;
                default:
                    error = $"found '{lit}', expected: ',', or identifier";
                    return null;
            }
        }
    }

    private List<string>? ParseExactValue(out string? error)
    {
        error = null;
        var tok = Lookahead(values: true).Token;
        if (tok is LabelToken.EndOfString or LabelToken.Comma)
        {
            return [""];
        }

        var (t, lit) = Consume(values: true);
        if (t == LabelToken.Identifier)
        {
            return [lit];
        }

        error = $"found '{lit}', expected: identifier";
        return null;
    }
}
