using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Patch;

/// <summary>
/// The structured-merge-diff operations server-side apply needs, over JSON values and a <see cref="PatchSchema"/>:
/// the field set of a value, the comparison of two values, the merge of applied configuration into a live object,
/// and removal of a path.
/// </summary>
internal static class TypedValues
{
    /// <summary>The fields <paramref name="value"/> sets: leaves, list items, and the keys of maps.</summary>
    public static FieldSet ToFieldSet(JsonNode? value, PatchSchema schema)
    {
        var set = new FieldSet();
        Collect(value, schema, "", set);
        return set;
    }

    public static FieldComparison Compare(JsonNode? lhs, JsonNode? rhs, PatchSchema schema)
    {
        var comparison = new FieldComparison(new FieldSet(), new FieldSet(), new FieldSet());
        CompareValues(lhs, true, rhs, true, schema, "", comparison);
        return comparison;
    }

    /// <summary>The live value with the applied configuration merged in; nothing is shared with the inputs.</summary>
    public static JsonNode? Merge(JsonNode? live, JsonNode? applied, PatchSchema schema)
    {
        if (IsGranularObject(live, schema) && IsGranularObject(applied, schema))
        {
            var result = (JsonObject)live!.DeepClone();
            foreach (var (key, value) in (JsonObject)applied!)
            {
                if (value is null)
                {
                    result.Remove(key);
                }
                else
                {
                    result[key] = result.TryGetPropertyValue(key, out var existing) && existing is not null
                        ? Merge(existing, value, schema.Field(key))
                        : value.DeepClone();
                }
            }

            return result;
        }

        if (live is JsonArray liveList && applied is JsonArray appliedList && IsGranularList(schema))
        {
            return MergeLists(liveList, appliedList, schema) ?? applied.DeepClone();
        }

        return applied?.DeepClone();
    }

    /// <summary>Removes the value at <paramref name="path"/> from <paramref name="root"/>, if it is there.</summary>
    public static void Remove(JsonNode? root, string path, PatchSchema schema)
    {
        var elements = FieldSet.Elements(path);
        var current = root;
        var currentSchema = schema;
        for (var i = 0; i < elements.Length; i++)
        {
            var element = elements[i];
            var last = i == elements.Length - 1;
            if (element.StartsWith("f:", StringComparison.Ordinal) && current is JsonObject obj)
            {
                var name = element[2..];
                if (last)
                {
                    obj.Remove(name);
                    return;
                }

                current = obj[name];
                currentSchema = currentSchema.Field(name);
            }
            else if (current is JsonArray list && IsGranularList(currentSchema))
            {
                var index = -1;
                for (var j = 0; j < list.Count; j++)
                {
                    if (PathElements.Item(list[j], currentSchema) == element)
                    {
                        index = j;
                        break;
                    }
                }

                if (index < 0)
                {
                    return;
                }

                if (last)
                {
                    list.RemoveAt(index);
                    return;
                }

                current = list[index];
                currentSchema = currentSchema.Element ?? PatchSchema.Unknown;
            }
            else
            {
                return;
            }
        }
    }

    private static bool IsGranularObject(JsonNode? value, PatchSchema schema) =>
        value is JsonObject && !schema.Atomic && schema.Kind is PatchSchemaKind.Struct or PatchSchemaKind.Map or PatchSchemaKind.Unknown;

    private static bool IsGranularList(PatchSchema schema) =>
        schema.Kind == PatchSchemaKind.List && schema.ListType is "map" or "set";

    private static void Collect(JsonNode? value, PatchSchema schema, string path, FieldSet set)
    {
        if (IsGranularObject(value, schema))
        {
            foreach (var (key, child) in (JsonObject)value!)
            {
                var childPath = FieldSet.Append(path, PathElements.Field(key));
                Collect(child, schema.Field(key), childPath, set);
                if (child is null || child is JsonObject { Count: 0 } || (schema.Kind == PatchSchemaKind.Map && !schema.DeclaresField(key)))
                {
                    set.Insert(childPath);
                }
            }

            return;
        }

        if (value is JsonArray list && IsGranularList(schema) && ItemElements(list, schema) is { } elements)
        {
            var element = schema.Element ?? PatchSchema.Unknown;
            for (var i = 0; i < list.Count; i++)
            {
                var itemPath = FieldSet.Append(path, elements[i]);
                Collect(list[i], element, itemPath, set);
                set.Insert(itemPath);
            }

            return;
        }

        if (path.Length > 0)
        {
            set.Insert(path);
        }
    }

    private static void CompareValues(JsonNode? lhs, bool lhsExists, JsonNode? rhs, bool rhsExists, PatchSchema schema, string path, FieldComparison comparison)
    {
        // Equal values add, remove and modify nothing below them: skip the walk (and its path strings). A write usually
        // changes one part of an object, so most of it is passed over at its top.
        if (lhsExists && rhsExists && (lhs is JsonObject or JsonArray) && JsonNode.DeepEquals(lhs, rhs))
        {
            return;
        }

        var lhsObject = !lhsExists || IsGranularObject(lhs, schema);
        var rhsObject = !rhsExists || IsGranularObject(rhs, schema);
        var bothEmpty = (!lhsExists || lhs is JsonObject { Count: 0 }) && (!rhsExists || rhs is JsonObject { Count: 0 });
        if (lhsObject && rhsObject && !bothEmpty)
        {
            var left = lhs as JsonObject ?? [];
            var right = rhs as JsonObject ?? [];
            foreach (var key in left.Select(p => p.Key).Union(right.Select(p => p.Key)))
            {
                var l = left.TryGetPropertyValue(key, out var lv);
                var r = right.TryGetPropertyValue(key, out var rv);
                CompareValues(lv, l, rv, r, schema.Field(key), FieldSet.Append(path, PathElements.Field(key)), comparison);
            }

            // Maps are members of the set themselves; structs only through their fields.
            if (schema.Kind == PatchSchemaKind.Map && path.Length > 0)
            {
                if (!lhsExists)
                {
                    comparison.Added.Insert(path);
                }
                else if (!rhsExists)
                {
                    comparison.Removed.Insert(path);
                }
            }

            return;
        }

        var lhsList = lhsExists ? lhs as JsonArray : [];
        var rhsList = rhsExists ? rhs as JsonArray : [];
        if (lhsList is not null && rhsList is not null && (lhsList.Count > 0 || rhsList.Count > 0) && IsGranularList(schema)
            && ItemElements(lhsList, schema) is { } lhsElements && ItemElements(rhsList, schema) is { } rhsElements)
        {
            var element = schema.Element ?? PatchSchema.Unknown;
            foreach (var pe in lhsElements.Union(rhsElements))
            {
                var li = Array.IndexOf(lhsElements, pe);
                var ri = Array.IndexOf(rhsElements, pe);
                var itemPath = FieldSet.Append(path, pe);
                CompareValues(li >= 0 ? lhsList[li] : null, li >= 0, ri >= 0 ? rhsList[ri] : null, ri >= 0, element, itemPath, comparison);
                if (li < 0)
                {
                    comparison.Added.Insert(itemPath);
                }
                else if (ri < 0)
                {
                    comparison.Removed.Insert(itemPath);
                }
            }

            return;
        }

        if (path.Length == 0)
        {
            return;
        }

        if (!lhsExists)
        {
            comparison.Added.Insert(path);
        }
        else if (!rhsExists)
        {
            comparison.Removed.Insert(path);
        }
        else if (!JsonNode.DeepEquals(lhs, rhs))
        {
            comparison.Modified.Insert(path);
        }
    }

    /// <summary>The element of every item; null when some item cannot be named, and the list is then treated as atomic.</summary>
    private static string[]? ItemElements(JsonArray list, PatchSchema schema)
    {
        var elements = new string[list.Count];
        for (var i = 0; i < list.Count; i++)
        {
            if (PathElements.Item(list[i], schema) is not { } element)
            {
                return null;
            }

            elements[i] = element;
        }

        return elements;
    }

    /// <summary>
    /// Merges associative lists the way structured-merge-diff orders them: items of the applied list in its order,
    /// live-only items kept where they stood relative to the shared ones.
    /// </summary>
    private static JsonArray? MergeLists(JsonArray live, JsonArray applied, PatchSchema schema)
    {
        if (ItemElements(live, schema) is not { } lhs || ItemElements(applied, schema) is not { } rhs)
        {
            return null;
        }

        var element = schema.Element ?? PatchSchema.Unknown;
        var rhsIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rhs.Length; i++)
        {
            rhsIndex.TryAdd(rhs[i], i);
        }

        var lhsIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < lhs.Length; i++)
        {
            lhsIndex.TryAdd(lhs[i], i);
        }

        var emitted = new HashSet<string>(StringComparer.Ordinal);
        var result = new JsonArray();
        void Emit(string pe)
        {
            if (!emitted.Add(pe))
            {
                return;
            }

            var fromLive = lhsIndex.TryGetValue(pe, out var l) ? live[l] : null;
            result.Add(rhsIndex.TryGetValue(pe, out var r)
                ? (fromLive is null ? applied[r]!.DeepClone() : Merge(fromLive, applied[r], element))
                : fromLive?.DeepClone());
        }

        int li = 0, ri = 0;
        while (li < lhs.Length || ri < rhs.Length)
        {
            if (li < lhs.Length && (emitted.Contains(lhs[li]) || !rhsIndex.ContainsKey(lhs[li])))
            {
                Emit(lhs[li]);
                li++;
                continue;
            }

            if (ri < rhs.Length)
            {
                Emit(rhs[ri]);
                ri++;
                continue;
            }

            li++;
        }

        return result;
    }
}
