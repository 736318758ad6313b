using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Objects;
using KubeSharp.Api.Selectors;

namespace KubeSharp.ApiServer.Registry.Eviction;

/// <summary>What the eviction subresource needs to know about PodDisruptionBudgets, on their JSON form.</summary>
internal static class DisruptionBudgets
{
    /// <summary>Upstream's MaxDisruptedPodSize: evictions approved but not yet seen by the disruption controller.</summary>
    public const int MaxDisruptedPods = 2000;

    private const string Message = "Cannot evict pod as it would violate the pod's disruption budget.";

    /// <summary>The budgets in the pod's namespace whose selector matches its labels. In policy/v1 a null (or invalid) selector
    /// matches nothing and an empty one every pod.</summary>
    public static List<JsonObject> Matching(IEnumerable<JsonObject> budgets, JsonObject pod)
    {
        var labels = Meta.Labels(pod);
        var matching = new List<JsonObject>();
        foreach (var pdb in budgets)
        {
            LabelSelector selector;
            try
            {
                selector = LabelSelector.FromJson((pdb["spec"] as JsonObject)?["selector"]);
            }
            catch (ApiException)
            {
                continue;
            }

            if (!selector.IsNothing && selector.Matches(labels))
            {
                matching.Add(pdb);
            }
        }

        return matching;
    }

    public static bool IsPodReady(JsonObject pod) =>
        ((pod["status"] as JsonObject)?["conditions"] as JsonArray)?.OfType<JsonObject>()
            .Any(c => Meta.GetString(c, "type") == "Ready" && Meta.GetString(c, "status") == "True") ?? false;

    public static long Status(JsonObject pdb, string field) => Meta.GetLong(pdb["status"] as JsonObject, field) ?? 0;

    /// <summary>
    /// Upstream's checkAndDecrement: refuses the eviction while the budget is stale or exhausted, otherwise takes one
    /// disruption from it and records the pod in status.disruptedPods so the controller does not count it as healthy.
    /// </summary>
    public static JsonObject CheckAndDecrement(JsonObject pdb, string podName, DateTimeOffset now)
    {
        var name = Meta.Name(pdb);
        var generation = Meta.GetLong(Meta.Metadata(pdb), "generation") ?? 0;
        if (Status(pdb, "observedGeneration") < generation)
        {
            throw StillProcessing(name);
        }

        var allowed = Status(pdb, "disruptionsAllowed");
        if (allowed < 0)
        {
            throw ApiException.Forbidden("policy", "poddisruptionbudget", name, "pdb disruptions allowed is negative");
        }

        var status = pdb["status"] as JsonObject ?? new JsonObject();
        pdb["status"] = status;
        var disrupted = status["disruptedPods"] as JsonObject;
        if (disrupted?.Count > MaxDisruptedPods)
        {
            throw ApiException.Forbidden("policy", "poddisruptionbudget", name, "DisruptedPods map too big - too many evictions not confirmed by PDB controller");
        }

        if (allowed == 0)
        {
            throw new ApiException(429, "TooManyRequests", Message, new StatusDetails("", "", "",
            [
                new StatusCause("DisruptionBudget",
                    $"The disruption budget {name} needs {Status(pdb, "desiredHealthy")} healthy pods and has {Status(pdb, "currentHealthy")} currently", ""),
            ]));
        }

        status["disruptionsAllowed"] = allowed - 1;
        if (allowed - 1 == 0)
        {
            SetDisruptionAllowedFalse(status, now);
        }

        if (disrupted is null)
        {
            disrupted = new JsonObject();
            status["disruptedPods"] = disrupted;
        }

        disrupted[podName] = Meta.FormatTime(now);
        return pdb;
    }

    /// <summary>The 429 kubectl drain retries on, when the budget's status is older than its spec (or the delete raced).</summary>
    public static ApiException StillProcessing(string pdbName) =>
        new(429, "TooManyRequests", Message, new StatusDetails("", "", "",
            [new StatusCause("DisruptionBudget", $"The disruption budget {pdbName} is still being processed by the server.", "")], RetryAfterSeconds: 10));

    /// <summary>The DisruptionAllowed condition once no disruption is left (upstream's UpdateDisruptionAllowedCondition).</summary>
    private static void SetDisruptionAllowedFalse(JsonObject status, DateTimeOffset now)
    {
        var conditions = status["conditions"] as JsonArray ?? new JsonArray();
        status["conditions"] = conditions;
        var condition = conditions.OfType<JsonObject>().FirstOrDefault(c => Meta.GetString(c, "type") == "DisruptionAllowed");
        if (condition is null)
        {
            condition = new JsonObject { ["type"] = "DisruptionAllowed" };
            conditions.Add(condition);
        }

        if (Meta.GetString(condition, "status") != "False" || condition["lastTransitionTime"] is null)
        {
            condition["lastTransitionTime"] = Meta.FormatTime(now);
        }

        condition["status"] = "False";
        condition["reason"] = "InsufficientPods";
        condition["message"] = "";
        condition["observedGeneration"] = Meta.GetLong(status, "observedGeneration") ?? 0;
    }
}
