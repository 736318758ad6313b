using System.Globalization;
using System.Text.RegularExpressions;

namespace KubeSharp.Controllers.CronJob;

/// <summary>
/// A parsed cron schedule as robfig/cron's ParseStandard reads it (what the CronJob controller uses): five fields
/// (minute hour day-of-month month day-of-week) with lists, ranges, steps, '*', '?', month and weekday names, or a
/// descriptor (@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, @every &lt;duration&gt;), evaluated
/// in a time zone. A day matches on day-of-month OR day-of-week when both are restricted, AND otherwise.
/// </summary>
internal sealed partial class CronSchedule
{
    private static readonly string[] MonthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    private readonly bool[] _minutes = new bool[60];
    private readonly bool[] _hours = new bool[24];
    private readonly bool[] _daysOfMonth = new bool[32];
    private readonly bool[] _months = new bool[13];
    private readonly bool[] _daysOfWeek = new bool[7];
    private bool _domStar;
    private bool _dowStar;
    private TimeSpan? _every;

    private CronSchedule(TimeZoneInfo timeZone) => TimeZone = timeZone;

    public TimeZoneInfo TimeZone { get; }

    /// <summary>Parses <paramref name="spec"/>; <paramref name="timeZone"/> is an IANA name (null: UTC, as kube-controller-manager runs).</summary>
    public static bool TryParse(string spec, string? timeZone, out CronSchedule? schedule, out string error)
    {
        schedule = null;
        error = string.Empty;
        var tz = TimeZoneInfo.Utc;
        spec = spec.Trim();
        var prefix = TzPrefix().Match(spec);
        if (prefix.Success)
        {
            timeZone = prefix.Groups[1].Value;
            spec = spec[prefix.Length..].Trim();
        }

        if (!string.IsNullOrEmpty(timeZone) && !TryFindTimeZone(timeZone, out tz, out error))
        {
            return false;
        }

        var result = new CronSchedule(tz);
        if (spec.StartsWith('@'))
        {
            if (!result.ParseDescriptor(spec, out error))
            {
                return false;
            }

            schedule = result;
            return true;
        }

        var fields = spec.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            error = $"expected exactly 5 fields, found {fields.Length}: [{string.Join(' ', fields)}]";
            return false;
        }

        if (!ParseField(fields[0], 0, 59, null, result._minutes, out _, out error)
            || !ParseField(fields[1], 0, 23, null, result._hours, out _, out error)
            || !ParseField(fields[2], 1, 31, null, result._daysOfMonth, out result._domStar, out error)
            || !ParseField(fields[3], 1, 12, MonthNames, result._months, out _, out error)
            || !ParseField(fields[4], 0, 6, DayNames, result._daysOfWeek, out result._dowStar, out error))
        {
            return false;
        }

        schedule = result;
        return true;
    }

    public static bool TryFindTimeZone(string name, out TimeZoneInfo timeZone, out string error)
    {
        error = string.Empty;
        try
        {
            timeZone = TimeZoneInfo.FindSystemTimeZoneById(name);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            timeZone = TimeZoneInfo.Utc;
            error = $"unknown time zone {name}";
            return false;
        }
    }

    /// <summary>The first activation strictly after <paramref name="after"/>, or null if the schedule never fires (e.g. "0 0 30 2 *").</summary>
    public DateTimeOffset? Next(DateTimeOffset after)
    {
        var seconds = after.AddTicks(-(after.Ticks % TimeSpan.TicksPerSecond));
        if (_every is TimeSpan every)
        {
            return seconds + every;
        }

        var local = TimeZoneInfo.ConvertTime(after, TimeZone);
        var day = local.Date;
        for (var i = 0; i < 366 * 8; i++, day = day.AddDays(1))
        {
            if (!_months[day.Month] || !DayMatches(day))
            {
                continue;
            }

            for (var hour = 0; hour < 24; hour++)
            {
                if (!_hours[hour])
                {
                    continue;
                }

                for (var minute = 0; minute < 60; minute++)
                {
                    if (!_minutes[minute])
                    {
                        continue;
                    }

                    var wall = DateTime.SpecifyKind(day.AddHours(hour).AddMinutes(minute), DateTimeKind.Unspecified);
                    if (TimeZone.IsInvalidTime(wall))
                    {
                        // Wall-clock times skipped by a DST change never happen.
                        continue;
                    }

                    // A repeated wall-clock time (DST ending) fires once, at its first occurrence.
                    var offset = TimeZone.IsAmbiguousTime(wall) ? TimeZone.GetAmbiguousTimeOffsets(wall).Max() : TimeZone.GetUtcOffset(wall);
                    var instant = new DateTimeOffset(wall, offset);
                    if (instant > after)
                    {
                        return instant.ToUniversalTime();
                    }
                }
            }
        }

        return null;
    }

    private bool DayMatches(DateTime day)
    {
        var dom = _daysOfMonth[day.Day];
        var dow = _daysOfWeek[(int)day.DayOfWeek];
        return _domStar || _dowStar ? dom && dow : dom || dow;
    }

    private bool ParseDescriptor(string spec, out string error)
    {
        error = string.Empty;
        var text = spec.ToLowerInvariant() switch
        {
            "@yearly" or "@annually" => "0 0 1 1 *",
            "@monthly" => "0 0 1 * *",
            "@weekly" => "0 0 * * 0",
            "@daily" or "@midnight" => "0 0 * * *",
            "@hourly" => "0 * * * *",
            _ => null,
        };
        if (text is not null)
        {
            var fields = text.Split(' ');
            return ParseField(fields[0], 0, 59, null, _minutes, out _, out error)
                && ParseField(fields[1], 0, 23, null, _hours, out _, out error)
                && ParseField(fields[2], 1, 31, null, _daysOfMonth, out _domStar, out error)
                && ParseField(fields[3], 1, 12, MonthNames, _months, out _, out error)
                && ParseField(fields[4], 0, 6, DayNames, _daysOfWeek, out _dowStar, out error);
        }

        if (spec.StartsWith("@every ", StringComparison.Ordinal) && GoDuration.TryParse(spec["@every ".Length..].Trim(), out var every))
        {
            // robfig rounds the delay to whole seconds, at least one.
            _every = TimeSpan.FromSeconds(Math.Max(1, Math.Round(every.TotalSeconds)));
            return true;
        }

        error = $"unrecognized descriptor: {spec}";
        return false;
    }

    private static bool ParseField(string field, int min, int max, string[]? names, bool[] bits, out bool star, out string error)
    {
        star = false;
        error = string.Empty;
        foreach (var part in field.Split(','))
        {
            var stepParts = part.Split('/');
            if (stepParts.Length > 2)
            {
                error = $"too many slashes: {part}";
                return false;
            }

            var range = stepParts[0];
            int first, last;
            if (range is "*" or "?")
            {
                (first, last) = (min, max);
                star = stepParts.Length == 1;
            }
            else
            {
                var bounds = range.Split('-');
                if (bounds.Length > 2 || !TryValue(bounds[0], names, min, out first, out error))
                {
                    error = error.Length > 0 ? error : $"too many hyphens: {range}";
                    return false;
                }

                last = first;
                if (bounds.Length == 2 && !TryValue(bounds[1], names, min, out last, out error))
                {
                    return false;
                }

                if (bounds.Length == 1 && stepParts.Length == 2)
                {
                    last = max;
                }
            }

            var step = 1;
            if (stepParts.Length == 2 && (!int.TryParse(stepParts[1], NumberStyles.None, CultureInfo.InvariantCulture, out step) || step <= 0))
            {
                error = $"failed to parse int from {stepParts[1]}";
                return false;
            }

            if (first < min || last > max || first > last)
            {
                error = first < min ? $"beginning of range ({first}) below minimum ({min}): {part}"
                    : last > max ? $"end of range ({last}) above maximum ({max}): {part}"
                    : $"beginning of range ({first}) beyond end of range ({last}): {part}";
                return false;
            }

            for (var v = first; v <= last; v += step)
            {
                bits[v] = true;
            }
        }

        return true;
    }

    private static bool TryValue(string text, string[]? names, int min, out int value, out string error)
    {
        error = string.Empty;
        if (names is not null)
        {
            var index = Array.IndexOf(names, text.ToLowerInvariant());
            if (index >= 0)
            {
                value = index + (min == 1 ? 1 : 0);
                return true;
            }
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        error = $"failed to parse int from {text}";
        return false;
    }

    [GeneratedRegex(@"^(?:CRON_TZ|TZ)=(\S+)\s+")]
    private static partial Regex TzPrefix();
}
