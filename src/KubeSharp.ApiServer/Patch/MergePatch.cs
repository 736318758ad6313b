using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Patch;

/// <summary>RFC 7386 JSON merge patch (application/merge-patch+json).</summary>
internal static class MergePatch
{
    /// <summary>The result of merging <paramref name="patch"/> into a copy of <paramref name="original"/>.</summary>
    public static JsonNode? Apply(JsonNode? original, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var target = original is JsonObject o ? (JsonObject)o.DeepClone() : new JsonObject();
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else
            {
                target[key] = Apply(target.TryGetPropertyValue(key, out var existing) ? existing : null, value);
            }
        }

        return target;
    }

    /// <summary>
    /// Merges a patch into a stored object, as the API server does: the patch must itself be an object,
    /// anything else is upstream's 400 "Invalid JSON Patch".
    /// </summary>
    public static JsonObject ApplyToObject(JsonObject original, JsonNode? patch) =>
        patch is JsonObject
            ? (JsonObject)Apply(original, patch)!
            : throw PatchErrors.Malformed("Invalid JSON Patch");
}
