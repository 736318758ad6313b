using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;

namespace KubeSharp.ApiServer.Patch;

/// <summary>
/// Strategic merge patch (application/strategic-merge-patch+json), following apimachinery's strategicpatch:
/// lists with patchStrategy merge are merged by their patchMergeKey (or as sets of primitives), other lists are
/// replaced, null deletes a field, and the directives <c>$patch</c>, <c>$retainKeys</c>,
/// <c>$deleteFromPrimitiveList/&lt;field&gt;</c> and <c>$setElementOrder/&lt;field&gt;</c> are honoured.
/// </summary>
internal static class StrategicMergePatch
{
    private const string PatchDirective = "$patch";
    private const string RetainKeysDirective = "$retainKeys";
    private const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList/";
    private const string SetElementOrderPrefix = "$setElementOrder/";

    /// <summary>The result of applying <paramref name="patch"/> to a copy of <paramref name="original"/>.</summary>
    public static JsonObject Apply(JsonObject original, JsonObject patch, PatchSchema schema) =>
        MergeMap((JsonObject)original.DeepClone(), patch, schema) ?? [];

    private static JsonObject? MergeMap(JsonObject original, JsonObject patch, PatchSchema schema)
    {
        if (patch.TryGetPropertyValue(PatchDirective, out var directive))
        {
            switch (DirectiveValue(directive))
            {
                case "replace":
                    var replacement = new JsonObject();
                    foreach (var (key, value) in patch)
                    {
                        if (key != PatchDirective)
                        {
                            replacement[key] = value?.DeepClone();
                        }
                    }

                    return MergeMap([], replacement, schema);
                case "delete":
                    return null;
                case "merge":
                    break;
                default:
                    throw PatchErrors.Malformed($"Unknown patch type: {DirectiveValue(directive)} in map: {patch.ToJsonString()}");
            }
        }

        if (patch.TryGetPropertyValue(RetainKeysDirective, out var retainNode))
        {
            ApplyRetainKeys(original, patch, retainNode);
        }

        foreach (var (key, value) in patch)
        {
            if (key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal))
            {
                DeleteFromPrimitiveList(original, key[DeleteFromPrimitiveListPrefix.Length..], value);
            }
        }

        foreach (var (key, patchValue) in patch)
        {
            if (IsDirective(key))
            {
                continue;
            }

            if (patchValue is null)
            {
                original.Remove(key);
                continue;
            }

            var fieldSchema = schema.Field(key);
            original.TryGetPropertyValue(key, out var originalValue);
            if (patchValue is JsonObject && fieldSchema.HasStrategy("replace"))
            {
                original[key] = MergeValue(null, patchValue, fieldSchema);
                continue;
            }

            var merged = MergeValue(originalValue, patchValue, fieldSchema);
            if (merged is null && patchValue is JsonObject)
            {
                original.Remove(key);
            }
            else
            {
                original[key] = merged;
            }
        }

        foreach (var (key, value) in patch)
        {
            if (key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal))
            {
                var field = key[SetElementOrderPrefix.Length..];
                SetElementOrder(original, field, value, schema.Field(field));
            }
        }

        return original;
    }

    /// <summary>The merged value; null for a map that a <c>$patch: delete</c> removed.</summary>
    private static JsonNode? MergeValue(JsonNode? original, JsonNode patch, PatchSchema schema) => patch switch
    {
        JsonObject patchMap => MergeMap(original is JsonObject o ? (JsonObject)o.DeepClone() : [], patchMap, schema),
        JsonArray patchList => MergeList(original as JsonArray ?? [], patchList, schema),
        _ => patch.DeepClone(),
    };

    private static JsonArray MergeList(JsonArray original, JsonArray patch, PatchSchema schema)
    {
        var elementSchema = schema.Element ?? PatchSchema.Unknown;
        if (patch.Any(e => e is JsonArray))
        {
            throw new ApiException(422, "Invalid", "lists of lists are not supported");
        }

        if (!schema.HasStrategy("merge"))
        {
            return Replaced(patch.Where(e => !IsDirectiveElement(e, "replace")), elementSchema);
        }

        if (patch.Any(e => IsDirectiveElement(e, "replace")))
        {
            return Replaced(patch.Where(e => !IsDirectiveElement(e, "replace")), elementSchema);
        }

        var result = new JsonArray(original.Select(e => e?.DeepClone()).ToArray());
        if (schema.MergeKey.Length == 0)
        {
            foreach (var item in patch)
            {
                if (item is JsonObject)
                {
                    throw PatchErrors.Malformed("invalid patch format of primitive list: lists of objects need a merge key");
                }

                if (!result.Any(existing => JsonNode.DeepEquals(existing, item)))
                {
                    result.Add(item?.DeepClone());
                }
            }

            return result;
        }

        foreach (var item in patch)
        {
            if (item is not JsonObject patchItem)
            {
                throw PatchErrors.Malformed($"invalid patch: list item {item?.ToJsonString() ?? "null"} is not a map with merge key {schema.MergeKey}");
            }

            if (!patchItem.TryGetPropertyValue(schema.MergeKey, out var keyValue))
            {
                throw PatchErrors.Malformed($"map: {patchItem.ToJsonString()} does not contain declared merge key: {schema.MergeKey}");
            }

            var index = IndexOfKey(result, schema.MergeKey, keyValue);
            if (patchItem.TryGetPropertyValue(PatchDirective, out var directive) && DirectiveValue(directive) == "delete")
            {
                for (var i = result.Count - 1; i >= 0; i--)
                {
                    if (result[i] is JsonObject o && o.TryGetPropertyValue(schema.MergeKey, out var k) && JsonNode.DeepEquals(k, keyValue))
                    {
                        result.RemoveAt(i);
                    }
                }

                continue;
            }

            if (index >= 0)
            {
                var merged = MergeMap((JsonObject)result[index]!.DeepClone(), patchItem, elementSchema);
                if (merged is null)
                {
                    result.RemoveAt(index);
                }
                else
                {
                    result[index] = merged;
                }
            }
            else if (MergeMap([], patchItem, elementSchema) is { } added)
            {
                result.Add(added);
            }
        }

        return result;
    }

    private static JsonArray Replaced(IEnumerable<JsonNode?> items, PatchSchema elementSchema)
    {
        var result = new JsonArray();
        foreach (var item in items)
        {
            if (item is null)
            {
                result.Add(null);
            }
            else if (MergeValue(null, item, elementSchema) is { } value)
            {
                result.Add(value);
            }
        }

        return result;
    }

    private static void ApplyRetainKeys(JsonObject original, JsonObject patch, JsonNode? retainNode)
    {
        if (retainNode is not JsonArray retainList || retainList.Any(k => k is not JsonValue v || v.GetValueKind() != JsonValueKind.String))
        {
            throw PatchErrors.Malformed("invalid patch format of retainKeys");
        }

        var retain = retainList.Select(k => k!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, value) in patch)
        {
            if (!IsDirective(key) && value is not null && !retain.Contains(key))
            {
                throw new ApiException(422, "Invalid", "patch content doesn't match retainKeys list");
            }
        }

        foreach (var key in original.Select(p => p.Key).ToList())
        {
            if (!retain.Contains(key))
            {
                original.Remove(key);
            }
        }
    }

    private static void DeleteFromPrimitiveList(JsonObject original, string field, JsonNode? values)
    {
        if (values is not JsonArray toDelete || toDelete.Any(v => v is JsonObject or JsonArray))
        {
            throw PatchErrors.Malformed("invalid patch format of primitive list");
        }

        if (original[field] is JsonArray list)
        {
            for (var i = list.Count - 1; i >= 0; i--)
            {
                if (toDelete.Any(v => JsonNode.DeepEquals(v, list[i])))
                {
                    list.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>
    /// Puts the items named by <c>$setElementOrder</c> in that order. Items the patch does not name (added on the
    /// server side) keep their positions; the named ones fill the remaining slots in the requested order.
    /// </summary>
    private static void SetElementOrder(JsonObject original, string field, JsonNode? order, PatchSchema fieldSchema)
    {
        if (order is not JsonArray orderList)
        {
            throw PatchErrors.Malformed("invalid patch format of setElementOrder list");
        }

        if (original[field] is not JsonArray list)
        {
            return;
        }

        var mergeKey = fieldSchema.MergeKey;
        JsonNode? Identity(JsonNode? item) =>
            mergeKey.Length > 0 ? (item as JsonObject)?[mergeKey] : item;

        var wanted = new List<JsonNode?>();
        foreach (var entry in orderList)
        {
            if (mergeKey.Length > 0 && (entry is not JsonObject eo || !eo.ContainsKey(mergeKey)))
            {
                throw PatchErrors.Malformed("invalid patch format of setElementOrder list");
            }

            wanted.Add(Identity(entry));
        }

        var items = list.Select(i => i?.DeepClone()).ToList();
        var ordered = new List<JsonNode?>();
        foreach (var w in wanted)
        {
            ordered.AddRange(items.Where(i => JsonNode.DeepEquals(Identity(i), w)));
        }

        var slots = items.Select((item, i) => (item, i)).Where(x => wanted.Any(w => JsonNode.DeepEquals(Identity(x.item), w))).Select(x => x.i).ToList();
        for (var s = 0; s < slots.Count; s++)
        {
            items[slots[s]] = ordered[s];
        }

        list.Clear();
        foreach (var item in items)
        {
            list.Add(item?.DeepClone());
        }
    }

    private static int IndexOfKey(JsonArray list, string mergeKey, JsonNode? keyValue)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonObject o && o.TryGetPropertyValue(mergeKey, out var k) && JsonNode.DeepEquals(k, keyValue))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsDirective(string key) =>
        key == PatchDirective || key == RetainKeysDirective
        || key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal)
        || key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal);

    private static bool IsDirectiveElement(JsonNode? element, string directive) =>
        element is JsonObject o && o.TryGetPropertyValue(PatchDirective, out var d) && DirectiveValue(d) == directive;

    private static string DirectiveValue(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : throw PatchErrors.Malformed($"invalid value for {PatchDirective}: {node?.ToJsonString() ?? "null"}");
}
