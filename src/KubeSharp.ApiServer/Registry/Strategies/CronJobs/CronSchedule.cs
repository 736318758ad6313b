using System.Globalization;

namespace KubeSharp.ApiServer.Registry.Strategies.CronJobs;

/// <summary>Checks a schedule as robfig/cron's ParseStandard (which upstream uses) and returns its error text, or null.</summary>
internal static class CronSchedule
{
    private static readonly (int Min, int Max, string[]? Names)[] Fields =
    [
        (0, 59, null),
        (0, 23, null),
        (1, 31, null),
        (1, 12, ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]),
        (0, 6, ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]),
    ];

    private static readonly string[] Descriptors = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];

    public static string? Check(string spec)
    {
        if (spec.Length == 0)
        {
            return "empty spec string";
        }

        if (spec.StartsWith("TZ=", StringComparison.Ordinal) || spec.StartsWith("CRON_TZ=", StringComparison.Ordinal))
        {
            var space = spec.IndexOf(' ', StringComparison.Ordinal);
            spec = space < 0 ? "" : spec[(space + 1)..].Trim();
        }

        if (spec.StartsWith('@'))
        {
            if (Descriptors.Contains(spec))
            {
                return null;
            }

            if (spec.StartsWith("@every ", StringComparison.Ordinal))
            {
                return null;
            }

            return "unrecognized descriptor: " + spec;
        }

        var fields = spec.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            return $"expected exactly 5 fields, found {fields.Length}: [{string.Join(' ', fields)}]";
        }

        for (var i = 0; i < 5; i++)
        {
            foreach (var range in fields[i].Split(','))
            {
                if (CheckRange(range, Fields[i]) is { } err)
                {
                    return err;
                }
            }
        }

        return null;
    }

    private static string? CheckRange(string expr, (int Min, int Max, string[]? Names) bounds)
    {
        var rangeAndStep = expr.Split('/');
        var lowAndHigh = rangeAndStep[0].Split('-');
        int start, end;
        if (lowAndHigh[0] is "*" or "?")
        {
            start = bounds.Min;
            end = bounds.Max;
        }
        else
        {
            if (Parse(lowAndHigh[0], bounds.Names, out start) is { } e1)
            {
                return e1;
            }

            switch (lowAndHigh.Length)
            {
                case 1:
                    end = start;
                    break;
                case 2:
                    if (Parse(lowAndHigh[1], bounds.Names, out end) is { } e2)
                    {
                        return e2;
                    }

                    break;
                default:
                    return "too many hyphens: " + expr;
            }
        }

        switch (rangeAndStep.Length)
        {
            case 1:
                break;
            case 2:
                if (Parse(rangeAndStep[1], null, out var step) is { } e3)
                {
                    return e3;
                }

                if (step <= 0)
                {
                    return "step of range should be a positive number: " + expr;
                }

                if (lowAndHigh.Length == 1 && lowAndHigh[0] is not ("*" or "?"))
                {
                    end = bounds.Max;
                }

                break;
            default:
                return "too many slashes: " + expr;
        }

        if (start < bounds.Min)
        {
            return $"beginning of range ({start}) below minimum ({bounds.Min}): {expr}";
        }

        if (end > bounds.Max)
        {
            return $"end of range ({end}) above maximum ({bounds.Max}): {expr}";
        }

        if (start > end)
        {
            return $"beginning of range ({start}) beyond end of range ({end}): {expr}";
        }

        return null;
    }

    private static string? Parse(string s, string[]? names, out int value)
    {
        if (names is not null && Array.IndexOf(names, s.ToLowerInvariant()) is var i and >= 0)
        {
            value = names.Length == 12 ? i + 1 : i;
            return null;
        }

        if (!int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return $"failed to parse int from {s}: strconv.Atoi: parsing \"{s}\": invalid syntax";
        }

        return value < 0 ? $"negative number ({value}) not allowed: {s}" : null;
    }
}
