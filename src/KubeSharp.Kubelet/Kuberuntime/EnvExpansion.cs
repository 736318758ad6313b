using System.Text;

namespace KubeSharp.Kubelet.Kuberuntime;

/// <summary>
/// Kubernetes' $(VAR) expansion of command, args and env values: $(NAME) becomes the variable's value when it is defined and
/// stays as written when not; $$ escapes a dollar sign.
/// </summary>
internal static class EnvExpansion
{
    public static string Expand(string input, Func<string, string?> lookup)
    {
        if (!input.Contains('$', StringComparison.Ordinal))
        {
            return input;
        }

        var result = new StringBuilder(input.Length);
        var i = 0;
        while (i < input.Length)
        {
            if (input[i] != '$' || i + 1 >= input.Length)
            {
                result.Append(input[i++]);
                continue;
            }

            var next = input[i + 1];
            if (next == '$')
            {
                result.Append('$');
                i += 2;
            }
            else if (next == '(')
            {
                var close = input.IndexOf(')', i + 2);
                if (close < 0)
                {
                    result.Append(input, i, input.Length - i);
                    break;
                }

                var name = input.Substring(i + 2, close - i - 2);
                result.Append(name.Length > 0 && lookup(name) is { } value ? value : input.Substring(i, close - i + 1));
                i = close + 1;
            }
            else
            {
                result.Append('$').Append(next);
                i += 2;
            }
        }

        return result.ToString();
    }
}
