using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Registry;

/// <summary>
/// Tells a no-op update (upstream's "nothing changed, keep the resourceVersion"): the objects are equal except for the
/// managedFields entries' times, which every write restamps. Compares in place, since cloning whole objects twice per write
/// to drop those times showed up at scale.
/// </summary>
internal static class NoOpUpdate
{
    public static bool Same(JsonObject updated, JsonObject current) => ObjectsEqual(updated, current, static (key, a, b) => key switch
    {
        "metadata" when a is JsonObject am && b is JsonObject bm => ObjectsEqual(am, bm, static (k, x, y) =>
            k == "managedFields" && x is JsonArray xa && y is JsonArray ya ? EntriesEqual(xa, ya) : JsonNode.DeepEquals(x, y)),
        _ => JsonNode.DeepEquals(a, b),
    });

    private static bool EntriesEqual(JsonArray a, JsonArray b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            var same = a[i] is JsonObject x && b[i] is JsonObject y
                ? ObjectsEqual(x, y, static (_, p, q) => JsonNode.DeepEquals(p, q), ignored: "time")
                : JsonNode.DeepEquals(a[i], b[i]);
            if (!same)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Same members (in any order, as JsonNode.DeepEquals), each pair compared by <paramref name="equal"/>; <paramref name="ignored"/> is left out on both sides.</summary>
    private static bool ObjectsEqual(JsonObject a, JsonObject b, Func<string, JsonNode?, JsonNode?, bool> equal, string? ignored = null)
    {
        var count = 0;
        foreach (var (key, value) in a)
        {
            if (key == ignored)
            {
                continue;
            }

            count++;
            if (!b.TryGetPropertyValue(key, out var other) || !equal(key, value, other))
            {
                return false;
            }
        }

        return count == (ignored is not null && b.ContainsKey(ignored) ? b.Count - 1 : b.Count);
    }
}
