using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;

namespace KubeSharp.ApiServer.Patch;

/// <summary>
/// metadata.managedFields tracking and server-side apply, after apiserver's fieldmanager and structured-merge-diff:
/// updates move ownership of what they changed to their manager; applies merge the manager's intent into the live
/// object, drop what it no longer applies, and refuse (409) to change fields another manager owns unless forced.
/// </summary>
internal static class ManagedFields
{
    /// <summary>Fields no manager owns: identity and bookkeeping set by the server (upstream's stripMeta).</summary>
    private static readonly string[] AlwaysIgnored =
    [
        "f:apiVersion",
        "f:kind",
        Meta("name"),
        Meta("namespace"),
        Meta("creationTimestamp"),
        Meta("selfLink"),
        Meta("uid"),
        Meta("clusterName"),
        Meta("generation"),
        Meta("managedFields"),
        Meta("resourceVersion"),
    ];

    /// <summary>
    /// Records an Update operation (create, update, patch) by <paramref name="manager"/>: the fields that changed
    /// from <paramref name="oldObj"/> (null on create) to <paramref name="newObj"/> become its own, and leave the
    /// managers that owned them. Writes <c>metadata.managedFields</c> of <paramref name="newObj"/>.
    /// </summary>
    /// <param name="resetFields">
    /// Dotted paths the operation does not own, e.g. "status" for the main resource when status is a subresource,
    /// or "spec" for the status subresource.
    /// </param>
    public static void RecordUpdate(JsonObject? oldObj, JsonObject newObj, string manager, string apiVersion, DateTimeOffset now,
        string subresource = "", IReadOnlyCollection<string>? resetFields = null)
    {
        var schema = SchemaFor(newObj);
        var ignored = Ignored(resetFields);
        var entries = StartingEntries(oldObj, newObj);
        var comparison = CompareWithoutManagedFields(oldObj, newObj, schema);
        var changed = comparison.Added.Union(comparison.Modified).ExcludeAtOrBelow(ignored);
        var key = ManagedFieldsEntry.Identity(manager, ManagedFieldsEntry.UpdateOperation, apiVersion, subresource);

        foreach (var entry in entries.Where(e => e.Key != key))
        {
            entry.Set = entry.Set.Difference(changed).Difference(comparison.Removed);
        }

        var own = entries.FirstOrDefault(e => e.Key == key);
        if (own is null && !changed.IsEmpty)
        {
            own = new ManagedFieldsEntry(manager, ManagedFieldsEntry.UpdateOperation, apiVersion, subresource, null, new FieldSet());
            entries.Add(own);
        }

        if (own is not null)
        {
            var updated = own.Set.Difference(comparison.Removed).Union(changed);
            if (!updated.SetEquals(own.Set) || own.Time is null)
            {
                own.Time = FormatTime(now);
            }

            own.Set = updated;
        }

        Write(newObj, entries);
    }

    /// <summary>
    /// Server-side apply of <paramref name="applied"/> (the manager's full intent) onto <paramref name="live"/>
    /// (null on create). Returns the new object with its managedFields; throws a 409 Conflict naming every field
    /// another manager owns with a different value, unless <paramref name="force"/>.
    /// </summary>
    public static JsonObject Apply(JsonObject? live, JsonObject applied, string manager, bool force, string apiVersion, DateTimeOffset now,
        string subresource = "", IReadOnlyCollection<string>? resetFields = null)
    {
        var schema = SchemaFor(applied);
        var ignored = Ignored(resetFields);
        var liveObject = Strip(live) ?? [];
        var config = Strip(applied)!;
        var entries = Read(live, stored: true);
        var key = ManagedFieldsEntry.Identity(manager, ManagedFieldsEntry.ApplyOperation, "", subresource);
        var previous = entries.FirstOrDefault(e => e.Key == key);
        var configSet = TypedValues.ToFieldSet(config, schema).ExcludeAtOrBelow(ignored);
        var merged = (JsonObject)TypedValues.Merge(liveObject, config, schema)!;

        if (previous is not null)
        {
            Prune(merged, previous.Set.Difference(configSet), configSet, entries.Where(e => e.Key != key), schema);
        }

        var comparison = TypedValues.Compare(liveObject, merged, schema);
        var changed = comparison.Added.Union(comparison.Modified).ExcludeAtOrBelow(ignored);
        var conflicts = new List<(ManagedFieldsEntry Entry, string Path)>();
        foreach (var entry in entries.Where(e => e.Key != key))
        {
            conflicts.AddRange(entry.Set.Intersection(changed).Paths.Select(p => (entry, p)));
        }

        if (conflicts.Count > 0 && !force)
        {
            throw Conflict(conflicts);
        }

        foreach (var entry in entries.Where(e => e.Key != key))
        {
            entry.Set = entry.Set.Difference(changed).Difference(comparison.Removed);
        }

        if (previous is null)
        {
            previous = new ManagedFieldsEntry(manager, ManagedFieldsEntry.ApplyOperation, apiVersion, subresource, null, configSet);
            entries.Add(previous);
        }

        previous.Set = configSet;
        previous.ApiVersion = apiVersion;
        previous.Time = FormatTime(now);

        if (live?["metadata"] is JsonObject liveMeta && merged["metadata"] is JsonObject mergedMeta)
        {
            foreach (var name in new[] { "resourceVersion", "uid", "creationTimestamp", "generation", "selfLink" })
            {
                if (liveMeta[name] is { } value)
                {
                    mergedMeta[name] = value.DeepClone();
                }
            }
        }

        Write(merged, entries);
        return merged;
    }

    /// <summary>The owned fields of every entry of an object's managedFields.</summary>
    public static IReadOnlyList<ManagedFieldsEntry> Entries(JsonObject obj) => Read(obj);

    private static string Meta(string name) => FieldSet.Append("f:metadata", PathElements.Field(name));

    private static PatchSchema SchemaFor(JsonObject obj) =>
        obj["apiVersion"] is JsonValue av && av.GetValueKind() == JsonValueKind.String
        && obj["kind"] is JsonValue k && k.GetValueKind() == JsonValueKind.String
            ? PatchSchema.ForKind(av.GetValue<string>(), k.GetValue<string>()) ?? PatchSchema.Unknown
            : PatchSchema.Unknown;

    private static List<string> Ignored(IReadOnlyCollection<string>? resetFields)
    {
        var ignored = new List<string>(AlwaysIgnored);
        foreach (var field in resetFields ?? [])
        {
            ignored.Add(string.Join(FieldSet.Separator, field.Split('.').Select(PathElements.Field)));
        }

        return ignored;
    }

    /// <summary>
    /// Compares the objects as if they had no managedFields (which never take part in comparisons) without copying them:
    /// the entries are taken out for the comparison and put back in their places. Copying both objects on every write
    /// showed up at scale.
    /// </summary>
    private static FieldComparison CompareWithoutManagedFields(JsonObject? oldObj, JsonObject newObj, PatchSchema schema)
    {
        var oldManaged = Detach(oldObj);
        var newManaged = Detach(newObj);
        try
        {
            return TypedValues.Compare(oldObj ?? [], newObj, schema);
        }
        finally
        {
            Reattach(oldManaged);
            Reattach(newManaged);
        }
    }

    private static (JsonObject Metadata, int Index, JsonNode? Value)? Detach(JsonObject? obj)
    {
        if (obj?["metadata"] is not JsonObject metadata || metadata.IndexOf("managedFields") is not (>= 0 and var index))
        {
            return null;
        }

        var value = metadata.GetAt(index).Value;
        metadata.RemoveAt(index);
        return (metadata, index, value);
    }

    private static void Reattach((JsonObject Metadata, int Index, JsonNode? Value)? detached)
    {
        if (detached is var (metadata, index, value))
        {
            metadata.Insert(index, "managedFields", value);
        }
    }

    /// <summary>A copy without managedFields, which never take part in comparisons or merges.</summary>
    private static JsonObject? Strip(JsonObject? obj)
    {
        if (obj is null)
        {
            return null;
        }

        var copy = (JsonObject)obj.DeepClone();
        (copy["metadata"] as JsonObject)?.Remove("managedFields");
        return copy;
    }

    /// <summary>
    /// The entries to start from: the stored ones, unless the request set managedFields itself (an empty list
    /// clears them, other values replace them), as upstream lets clients do.
    /// </summary>
    private static List<ManagedFieldsEntry> StartingEntries(JsonObject? oldObj, JsonObject newObj)
    {
        var oldManaged = oldObj?["metadata"]?["managedFields"];
        var newManaged = newObj["metadata"]?["managedFields"];
        if (newManaged is JsonArray && !JsonNode.DeepEquals(oldManaged, newManaged))
        {
            return Read(newObj);
        }

        return Read(oldObj, stored: true);
    }

    /// <summary>The entries of an object's managedFields; <paramref name="stored"/> when they come from the store, so are in this server's own form.</summary>
    private static List<ManagedFieldsEntry> Read(JsonObject? obj, bool stored = false)
    {
        var entries = new List<ManagedFieldsEntry>();
        if (obj?["metadata"]?["managedFields"] is JsonArray list)
        {
            foreach (var item in list)
            {
                if (ManagedFieldsEntry.Parse(item) is { } entry && entry.Manager.Length + entry.Operation.Length > 0)
                {
                    var existing = entries.FirstOrDefault(e => e.Key == entry.Key);
                    if (existing is null)
                    {
                        if (stored)
                        {
                            entry.KeepStoredForm(item?["fieldsV1"]);
                        }

                        entries.Add(entry);
                    }
                    else
                    {
                        existing.Set = existing.Set.Union(entry.Set);
                    }
                }
            }
        }

        return entries;
    }

    /// <summary>Writes the entries that still own something, in upstream's order (Apply before Update, then oldest first).</summary>
    private static void Write(JsonObject obj, List<ManagedFieldsEntry> entries)
    {
        var kept = entries.Where(e => !e.Set.IsEmpty)
            .OrderBy(e => e.Operation, StringComparer.Ordinal)
            .ThenBy(e => e.Time ?? "", StringComparer.Ordinal)
            .ThenBy(e => e.Manager, StringComparer.Ordinal)
            .ThenBy(e => e.ApiVersion, StringComparer.Ordinal)
            .ThenBy(e => e.Subresource, StringComparer.Ordinal)
            .ToList();
        if (obj["metadata"] is not JsonObject metadata)
        {
            metadata = [];
            obj["metadata"] = metadata;
        }

        if (kept.Count == 0)
        {
            metadata.Remove("managedFields");
            return;
        }

        metadata["managedFields"] = new JsonArray(kept.Select(e => (JsonNode)e.ToJson()).ToArray());
    }

    /// <summary>
    /// Removes from the merged object what the manager applied before and applies no longer, unless the new
    /// configuration sets something below it or another manager owns it or something below it.
    /// </summary>
    private static void Prune(JsonObject merged, FieldSet dropped, FieldSet configSet, IEnumerable<ManagedFieldsEntry> others, PatchSchema schema)
    {
        var ownedByOthers = others.Aggregate(new FieldSet(), (set, e) => set.Union(e.Set));
        foreach (var path in dropped.Paths.OrderBy(p => p.Length))
        {
            if (!configSet.HasAtOrBelow(path) && !ownedByOthers.HasAtOrBelow(path))
            {
                TypedValues.Remove(merged, path, schema);
            }
        }
    }

    private static ApiException Conflict(List<(ManagedFieldsEntry Entry, string Path)> conflicts)
    {
        var ordered = conflicts.OrderBy(c => c.Entry.Describe(), StringComparer.Ordinal).ThenBy(c => FieldSet.Display(c.Path), StringComparer.Ordinal).ToList();
        var causes = ordered.Select(c => new StatusCause("FieldManagerConflict", "conflict with " + c.Entry.Describe(), FieldSet.Display(c.Path))).ToList();
        string message;
        if (ordered.Count == 1)
        {
            message = $"Apply failed with 1 conflict: conflict with {ordered[0].Entry.Describe()}: {FieldSet.Display(ordered[0].Path)}";
        }
        else
        {
            var lines = new List<string>();
            foreach (var group in ordered.GroupBy(c => c.Entry.Describe()))
            {
                lines.Add($"conflicts with {group.Key}:");
                lines.AddRange(group.Select(c => "- " + FieldSet.Display(c.Path)));
            }

            message = $"Apply failed with {ordered.Count.ToString(CultureInfo.InvariantCulture)} conflicts: {string.Join("\n", lines)}";
        }

        return new ApiException(409, "Conflict", message, new StatusDetails("", "", "", causes));
    }

    private static string FormatTime(DateTimeOffset now) =>
        now.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
