using System.Globalization;
using System.Text;

namespace KubeSharp.Controllers.Job;

/// <summary>The status.completedIndexes text form: ascending, ranges collapsed ("1,3-5,7").</summary>
internal static class CompletedIndexes
{
    public static SortedSet<int> Parse(string? text, int completions)
    {
        var set = new SortedSet<int>();
        foreach (var part in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var bounds = part.Split('-');
            if (!int.TryParse(bounds[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first))
            {
                continue;
            }

            var last = first;
            if (bounds.Length == 2 && !int.TryParse(bounds[1], NumberStyles.None, CultureInfo.InvariantCulture, out last))
            {
                continue;
            }

            for (var i = first; i <= last && i < completions; i++)
            {
                set.Add(i);
            }
        }

        return set;
    }

    public static string Format(IEnumerable<int> indexes)
    {
        var sb = new StringBuilder();
        int? start = null;
        var previous = -2;
        foreach (var i in indexes.Order())
        {
            if (start is not null && i == previous + 1)
            {
                previous = i;
                continue;
            }

            Flush();
            start = i;
            previous = i;
        }

        Flush();
        return sb.ToString();

        void Flush()
        {
            if (start is null)
            {
                return;
            }

            if (sb.Length > 0)
            {
                sb.Append(',');
            }

            sb.Append(start.Value.ToString(CultureInfo.InvariantCulture));
            if (previous != start.Value)
            {
                sb.Append('-').Append(previous.ToString(CultureInfo.InvariantCulture));
            }
        }
    }
}
