using System.Globalization;
using System.Text.Json.Nodes;
using k8s.Models;
using KubeSharp.Api.Selectors;

namespace KubeSharp.Controllers.Disruption;

/// <summary>The disruption controller's arithmetic (upstream's getExpectedPodCount, buildDisruptedPodMap, countHealthyPods,
/// updatePdbStatus), free of I/O so it can be tested on its own.</summary>
internal static class BudgetCalculator
{
    /// <summary>How long an approved eviction keeps a pod out of the healthy count before the controller gives up on it.</summary>
    public static readonly TimeSpan DeletionTimeout = TimeSpan.FromMinutes(2);

    public const string DisruptionAllowed = "DisruptionAllowed";

    /// <summary>
    /// The expected pod count and desired healthy count: minAvailable as an integer counts the matching pods; a percentage, or
    /// maxUnavailable, is taken of the summed scale of the pods' controllers (rounded up).
    /// </summary>
    /// <exception cref="InvalidOperationException">A pod's controller is unknown, or a value is neither an integer nor a percentage.</exception>
    public static ExpectedPods ExpectedPodCount(V1PodDisruptionBudget pdb, IReadOnlyList<V1Pod> pods, Func<V1OwnerReference, string, ControllerScale?> findController)
    {
        var spec = pdb.Spec;
        if (spec?.MaxUnavailable is { } maxUnavailable)
        {
            var (expected, unmanaged) = ExpectedScale(pods, findController);
            var desired = Math.Max(0, expected - Scaled(maxUnavailable, expected));
            return new ExpectedPods(expected, desired, unmanaged);
        }

        if (spec?.MinAvailable is { } minAvailable)
        {
            if (!IsPercent(minAvailable))
            {
                return new ExpectedPods(pods.Count, Scaled(minAvailable, pods.Count), []);
            }

            var (expected, unmanaged) = ExpectedScale(pods, findController);
            return new ExpectedPods(expected, Scaled(minAvailable, expected), unmanaged);
        }

        return new ExpectedPods(0, 0, []);
    }

    /// <summary>The summed scale of the controllers of <paramref name="pods"/>; pods without a controller are listed apart.</summary>
    private static (int Expected, List<string> Unmanaged) ExpectedScale(IReadOnlyList<V1Pod> pods, Func<V1OwnerReference, string, ControllerScale?> findController)
    {
        var scales = new Dictionary<string, int>(StringComparer.Ordinal);
        var unmanaged = new List<string>();
        foreach (var pod in pods)
        {
            var owner = pod.Metadata?.OwnerReferences?.FirstOrDefault(r => r.Controller == true);
            if (owner is null)
            {
                unmanaged.Add(pod.Metadata?.Name ?? "");
                continue;
            }

            if (scales.ContainsKey(owner.Uid))
            {
                continue;
            }

            var found = findController(owner, pod.Metadata?.NamespaceProperty ?? "")
                ?? throw new InvalidOperationException($"found no controllers for pod \"{pod.Metadata?.Name}\"");
            scales[found.Uid] = found.Scale;
        }

        return (scales.Values.Sum(), unmanaged);
    }

    private static bool IsPercent(IntOrString value) => value.Value?.EndsWith('%') ?? false;

    /// <summary>Upstream's GetScaledValueFromIntOrPercent with rounding up.</summary>
    private static int Scaled(IntOrString value, int total)
    {
        var text = value.Value ?? "";
        if (!IsPercent(value))
        {
            return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                ? n
                : throw new InvalidOperationException("invalid value for IntOrString: invalid type: string is not a percentage");
        }

        if (!int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var percent))
        {
            throw new InvalidOperationException($"invalid value \"{text}\": must be an integer or a percentage");
        }

        return (int)Math.Ceiling(percent * (double)total / 100);
    }

    /// <summary>The approved evictions still in their grace window, for pods not yet being deleted.</summary>
    public static DisruptedPods BuildDisruptedPodMap(V1PodDisruptionBudget pdb, IReadOnlyList<V1Pod> pods, DateTimeOffset now)
    {
        var recorded = pdb.Status?.DisruptedPods;
        var pending = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        var notDeleted = new List<string>();
        DateTimeOffset? recheck = null;
        if (recorded is null)
        {
            return new DisruptedPods(pending, null, notDeleted);
        }

        foreach (var pod in pods)
        {
            var name = pod.Metadata?.Name ?? "";
            if (pod.Metadata?.DeletionTimestamp is not null || !recorded.TryGetValue(name, out var recordedAt) || recordedAt is not { } disruptedAt)
            {
                continue;
            }

            var expectedDeletion = Utc(disruptedAt) + DeletionTimeout;
            if (expectedDeletion < now)
            {
                notDeleted.Add(name);
                continue;
            }

            if (recheck is null || expectedDeletion < recheck)
            {
                recheck = expectedDeletion;
            }

            pending[name] = disruptedAt;
        }

        return new DisruptedPods(pending, recheck, notDeleted);
    }

    /// <summary>Ready pods that are neither being deleted nor about to be (an eviction still in its window).</summary>
    public static int CountHealthyPods(IReadOnlyList<V1Pod> pods, IReadOnlyDictionary<string, DateTime> disrupted, DateTimeOffset now) =>
        pods.Count(pod =>
            pod.Metadata?.DeletionTimestamp is null
            && !(disrupted.TryGetValue(pod.Metadata?.Name ?? "", out var at) && Utc(at) + DeletionTimeout > now)
            && IsPodReady(pod));

    public static bool IsPodReady(V1Pod pod) =>
        pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") ?? false;

    /// <summary>
    /// The status the budget should have, or null when it already has it. disruptionsAllowed is zero while no pod is
    /// expected, so a budget whose first pods appear before this controller saw them is safe.
    /// </summary>
    public static V1PodDisruptionBudgetStatus? NewStatus(V1PodDisruptionBudget pdb, int currentHealthy, ExpectedPods expected,
        IReadOnlyDictionary<string, DateTime> disrupted, DateTimeOffset now)
    {
        var allowed = currentHealthy - expected.DesiredHealthy;
        if (expected.ExpectedCount <= 0 || allowed <= 0)
        {
            allowed = 0;
        }

        var generation = pdb.Metadata?.Generation ?? 0;
        var status = pdb.Status;
        if (status is not null
            && status.CurrentHealthy == currentHealthy
            && status.DesiredHealthy == expected.DesiredHealthy
            && status.ExpectedPods == expected.ExpectedCount
            && status.DisruptionsAllowed == allowed
            && SameDisruptedPods(status.DisruptedPods, disrupted)
            && status.ObservedGeneration == generation
            && ConditionsAreUpToDate(pdb))
        {
            return null;
        }

        var updated = new V1PodDisruptionBudgetStatus
        {
            CurrentHealthy = currentHealthy,
            DesiredHealthy = expected.DesiredHealthy,
            ExpectedPods = expected.ExpectedCount,
            DisruptionsAllowed = allowed,
            DisruptedPods = disrupted.Count == 0 ? null : disrupted.ToDictionary(kv => kv.Key, kv => (DateTime?)kv.Value, StringComparer.Ordinal),
            ObservedGeneration = generation,
            Conditions = status?.Conditions is { } conditions ? [.. conditions] : [],
        };
        SetCondition(updated, allowed > 0 ? "True" : "False", allowed > 0 ? "SufficientPods" : "InsufficientPods", "", now);
        return updated;
    }

    /// <summary>The status after a failed sync (upstream's failSafe): no disruption allowed, condition SyncFailed with the error.</summary>
    public static V1PodDisruptionBudgetStatus FailSafe(V1PodDisruptionBudget pdb, string error, DateTimeOffset now)
    {
        var old = pdb.Status;
        var status = new V1PodDisruptionBudgetStatus
        {
            CurrentHealthy = old?.CurrentHealthy ?? 0,
            DesiredHealthy = old?.DesiredHealthy ?? 0,
            ExpectedPods = old?.ExpectedPods ?? 0,
            DisruptedPods = old?.DisruptedPods,
            ObservedGeneration = old?.ObservedGeneration,
            DisruptionsAllowed = 0,
            Conditions = old?.Conditions is { } conditions ? [.. conditions] : [],
        };
        SetCondition(status, "False", "SyncFailed", error, now);
        return status;
    }

    /// <summary>Upstream's ConditionsAreUpToDate: the DisruptionAllowed condition agrees with disruptionsAllowed at this generation.</summary>
    public static bool ConditionsAreUpToDate(V1PodDisruptionBudget pdb)
    {
        var condition = pdb.Status?.Conditions?.FirstOrDefault(c => c.Type == DisruptionAllowed);
        if (condition is null || pdb.Status!.ObservedGeneration != (pdb.Metadata?.Generation ?? 0))
        {
            return false;
        }

        return pdb.Status.DisruptionsAllowed > 0
            ? condition is { Status: "True", Reason: "SufficientPods" }
            : condition is { Status: "False", Reason: "InsufficientPods" };
    }

    /// <summary>meta.SetStatusCondition for DisruptionAllowed: the transition time moves only when the status changes.</summary>
    private static void SetCondition(V1PodDisruptionBudgetStatus status, string value, string reason, string message, DateTimeOffset now)
    {
        var conditions = status.Conditions;
        var existing = conditions.FirstOrDefault(c => c.Type == DisruptionAllowed);
        if (existing is null)
        {
            existing = new V1Condition { Type = DisruptionAllowed, LastTransitionTime = Seconds(now) };
            conditions.Add(existing);
        }
        else if (existing.Status != value)
        {
            existing.LastTransitionTime = Seconds(now);
        }

        existing.Status = value;
        existing.Reason = reason;
        existing.Message = message;
        existing.ObservedGeneration = status.ObservedGeneration;
    }

    private static bool SameDisruptedPods(IDictionary<string, DateTime?>? current, IReadOnlyDictionary<string, DateTime> desired)
    {
        if ((current?.Count ?? 0) != desired.Count)
        {
            return false;
        }

        return desired.All(kv => current!.TryGetValue(kv.Key, out var at) && at is { } t && Utc(t) == Utc(kv.Value));
    }

    /// <summary>Kubernetes times are whole seconds.</summary>
    private static DateTime Seconds(DateTimeOffset t) => new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t, DateTimeKind.Utc));

    /// <summary>The pods a budget selects: a null selector selects none, an empty one every pod of the namespace (policy/v1).</summary>
    public static LabelSelector SelectorOf(V1PodDisruptionBudget pdb)
    {
        var selector = pdb.Spec?.Selector;
        if (selector is null)
        {
            return LabelSelector.Nothing;
        }

        var json = new JsonObject();
        if (selector.MatchLabels is { } labels)
        {
            var matchLabels = new JsonObject();
            foreach (var (k, v) in labels)
            {
                matchLabels[k] = v;
            }

            json["matchLabels"] = matchLabels;
        }

        if (selector.MatchExpressions is { } expressions)
        {
            var array = new JsonArray();
            foreach (var e in expressions)
            {
                var values = new JsonArray();
                foreach (var v in e.Values ?? [])
                {
                    values.Add(v);
                }

                array.Add(new JsonObject { ["key"] = e.Key, ["operator"] = e.OperatorProperty, ["values"] = values });
            }

            json["matchExpressions"] = array;
        }

        return LabelSelector.FromJson(json);
    }
}
