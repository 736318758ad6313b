using System.Text;
using KubeSharp.Kubelet.Cri.V1;

namespace KubeSharp.Kubelet.Config;

/// <summary>
/// Upstream's $(VAR) expansion (third_party/forked/golang/expansion): $(NAME) is replaced by the mapping,
/// $$ is an escaped $, and an unresolvable or incomplete reference is kept as written.
/// </summary>
internal static class EnvExpansion
{
    private const char Operator = '$';
    private const char ReferenceOpener = '(';
    private const char ReferenceCloser = ')';

    /// <summary>Expands every $(NAME) in <paramref name="input"/> through <paramref name="mapping"/>.</summary>
    public static string Expand(string input, Func<string, string> mapping)
    {
        var buf = new StringBuilder(input.Length);
        var checkpoint = 0;
        for (var cursor = 0; cursor < input.Length; cursor++)
        {
            if (input[cursor] != Operator || cursor + 1 >= input.Length)
            {
                continue;
            }

            buf.Append(input, checkpoint, cursor - checkpoint);
            var (read, isVar, advance) = TryReadVariableName(input.AsSpan(cursor + 1));
            buf.Append(isVar ? mapping(read) : read);
            cursor += advance;
            checkpoint = cursor + 1;
        }

        return buf.Append(input, checkpoint, input.Length - checkpoint).ToString();
    }

    /// <summary>A mapping that looks a name up in each context in turn and leaves unknown references untouched.</summary>
    public static Func<string, string> MappingFor(params IReadOnlyDictionary<string, string>[] contexts) => name =>
    {
        foreach (var vars in contexts)
        {
            if (vars.TryGetValue(name, out var value))
            {
                return value;
            }
        }

        return $"{Operator}{ReferenceOpener}{name}{ReferenceCloser}";
    };

    /// <summary>Expands a container's command or args against its final environment (as the kubelet does before CreateContainer).</summary>
    public static IReadOnlyList<string> ExpandCommand(IEnumerable<string>? arguments, IReadOnlyList<KeyValue> environment)
    {
        if (arguments is null)
        {
            return [];
        }

        var mapping = MappingFor(ToMap(environment));
        return arguments.Select(a => Expand(a, mapping)).ToList();
    }

    /// <summary>The environment as a name → value map (a later duplicate wins, as upstream's map conversion).</summary>
    public static IReadOnlyDictionary<string, string> ToMap(IReadOnlyList<KeyValue> environment)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var kv in environment)
        {
            map[kv.Key] = kv.Value;
        }

        return map;
    }

    private static (string Read, bool IsVar, int Advance) TryReadVariableName(ReadOnlySpan<char> input)
    {
        switch (input[0])
        {
            case Operator:
                return ("$", false, 1);
            case ReferenceOpener:
                for (var i = 1; i < input.Length; i++)
                {
                    if (input[i] == ReferenceCloser)
                    {
                        return (input[1..i].ToString(), true, i + 1);
                    }
                }

                return ("$(", false, 1);
            default:
                return (string.Concat("$", input[..1]), false, 1);
        }
    }
}
