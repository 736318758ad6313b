using System.Text.Json.Nodes;

namespace KubeSharp.Controllers.Namespace;

/// <summary>
/// The deletion conditions upstream's namespace deleter keeps on a terminating namespace: each is "False" with an ok reason
/// unless this pass found the failure it names. A condition keeps its lastTransitionTime while it does not change.
/// </summary>
internal sealed class NamespaceConditionUpdater
{
    private static readonly (string Type, string Reason, string Message)[] Ok =
    [
        ("NamespaceDeletionDiscoveryFailure", "ResourcesDiscovered", "All resources successfully discovered"),
        ("NamespaceDeletionGroupVersionParsingFailure", "ParsedGroupVersions", "All legacy kube types successfully parsed"),
        ("NamespaceDeletionContentFailure", "ContentDeleted", "All content successfully deleted, may be waiting on finalization"),
        ("NamespaceContentRemaining", "ContentRemoved", "All content successfully removed"),
        ("NamespaceFinalizersRemaining", "ContentHasNoFinalizers", "All content-preserving finalizers finished"),
    ];

    private readonly Dictionary<string, (string Reason, string Message)> _failures = new(StringComparer.Ordinal);

    public bool HasFailures => _failures.Count > 0;

    public void DiscoveryFailed(IReadOnlyDictionary<string, string> failedGroupVersions) =>
        _failures["NamespaceDeletionDiscoveryFailure"] = ("DiscoveryFailed",
            $"Discovery failed for some groups, {failedGroupVersions.Count} failing: unable to retrieve the complete list of server APIs: "
            + string.Join(", ", failedGroupVersions.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}: {f.Value}")));

    public void ContentDeletionFailed(IReadOnlyList<string> errors) =>
        _failures["NamespaceDeletionContentFailure"] = ("ContentDeletionFailed",
            $"Failed to delete all resource types, {errors.Count} remaining: {string.Join(", ", errors)}");

    public void ResourcesRemain(IReadOnlyDictionary<string, int> remaining) =>
        _failures["NamespaceContentRemaining"] = ("SomeResourcesRemain",
            "Some resources are remaining: " + string.Join(", ",
                remaining.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} has {r.Value} resource instances")));

    public void FinalizersRemain(IReadOnlyDictionary<string, int> finalizers) =>
        _failures["NamespaceFinalizersRemaining"] = ("SomeFinalizersRemain",
            "Some content in the namespace has finalizers remaining: " + string.Join(", ",
                finalizers.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} in {f.Value} resource instances")));

    /// <summary>Writes the conditions into <paramref name="ns"/>'s status; false when nothing changed.</summary>
    public bool Apply(JsonObject ns, string now)
    {
        var status = ns["status"] as JsonObject ?? [];
        ns["status"] = status;
        var conditions = status["conditions"] as JsonArray ?? [];
        var changed = false;
        foreach (var (type, okReason, okMessage) in Ok)
        {
            var (state, reason, message) = _failures.TryGetValue(type, out var failure) ? ("True", failure.Reason, failure.Message) : ("False", okReason, okMessage);
            var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == type);
            if (existing is not null && existing["status"]?.GetValue<string>() == state && existing["reason"]?.GetValue<string>() == reason
                && existing["message"]?.GetValue<string>() == message)
            {
                continue;
            }

            var condition = new JsonObject
            {
                ["type"] = type,
                ["status"] = state,
                ["lastTransitionTime"] = now,
                ["reason"] = reason,
                ["message"] = message,
            };
            if (existing is null)
            {
                conditions.Add(condition);
            }
            else
            {
                conditions[conditions.IndexOf(existing)] = condition;
            }

            changed = true;
        }

        status["conditions"] = conditions;
        return changed;
    }
}
