using System.Text;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Registry.Strategies.PersistentVolumes;

/// <summary>
/// A short old/new listing of the fields that differ, appended to "immutable after creation" messages the way upstream
/// appends its cmp.Diff output (whose exact Go formatting is not reproduced).
/// </summary>
internal static class SpecDiff
{
    public static string Describe(string typeName, JsonObject old, JsonObject updated)
    {
        var sb = new StringBuilder();
        sb.Append("  ").Append(typeName).Append("{\n");
        foreach (var key in old.Select(kv => kv.Key).Union(updated.Select(kv => kv.Key)).Order(StringComparer.Ordinal))
        {
            var before = old[key];
            var after = updated[key];
            if (JsonNode.DeepEquals(before, after))
            {
                continue;
            }

            if (before is not null)
            {
                sb.Append("- \t").Append(key).Append(": ").Append(before.ToJsonString()).Append(",\n");
            }

            if (after is not null)
            {
                sb.Append("+ \t").Append(key).Append(": ").Append(after.ToJsonString()).Append(",\n");
            }
        }

        sb.Append("  }\n");
        return sb.ToString();
    }
}
