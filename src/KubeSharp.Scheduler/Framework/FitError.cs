using System.Globalization;
using System.Text;

namespace KubeSharp.Scheduler.Framework;

/// <summary>
/// Builds upstream's FitError message: "0/N nodes are available: &lt;prefilter msg&gt;." or a sorted histogram of
/// per-node reasons ("2 Insufficient cpu, 3 node(s) were unschedulable."), then the PostFilter message.
/// </summary>
internal static class FitError
{
    public static string Message(int numAllNodes, Diagnosis diagnosis)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"0/{numAllNodes} nodes are available:");
        if (!string.IsNullOrEmpty(diagnosis.PreFilterMsg))
        {
            sb.Append(' ').Append(diagnosis.PreFilterMsg).Append('.');
        }
        else
        {
            var histogram = Histogram(numAllNodes, diagnosis.NodeToStatus);
            if (histogram.Count > 0)
            {
                sb.Append(' ').Append(string.Join(", ", histogram)).Append('.');
            }
        }
        if (!string.IsNullOrEmpty(diagnosis.PostFilterMsg))
        {
            sb.Append(' ').Append(diagnosis.PostFilterMsg);
        }
        return sb.ToString();
    }

    private static List<string> Histogram(int numAllNodes, NodeToStatus statuses)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (_, status) in statuses.Explicit)
        {
            foreach (var reason in status.Reasons)
            {
                counts[reason] = counts.GetValueOrDefault(reason) + 1;
            }
        }
        if (statuses.Count < numAllNodes)
        {
            foreach (var reason in statuses.AbsentNodesStatus.Reasons)
            {
                counts[reason] = counts.GetValueOrDefault(reason) + (numAllNodes - statuses.Count);
            }
        }

        // Go sorts the whole "<count> <reason>" strings bytewise.
        var lines = counts.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Value} {kv.Key}")).ToList();
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
