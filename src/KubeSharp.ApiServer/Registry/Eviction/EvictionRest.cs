using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Objects;

namespace KubeSharp.ApiServer.Registry.Eviction;

/// <summary>
/// pods/eviction (upstream's EvictionREST): deletes a pod unless that would violate its PodDisruptionBudget. A pod that
/// already disrupts nothing (terminal, pending or being deleted) is deleted directly; otherwise the one matching budget
/// must allow a disruption, which is taken from its status before the pod is deleted.
/// </summary>
internal sealed class EvictionRest(ResourceRegistry pods, ResourceRegistry budgets, TimeProvider time)
{
    /// <summary>Upstream's EvictionsRetry takes 20 steps on conflicts.</summary>
    private const int ConflictRetries = 20;

    /// <summary>Evicts the pod; returns the Status to answer with (its "code" is the HTTP status).</summary>
    public async Task<JsonObject> EvictAsync(string ns, string name, JsonObject eviction, bool dryRunQuery, CancellationToken cancellationToken)
    {
        if (Meta.Name(eviction) != name)
        {
            throw ApiException.BadRequest("name in URL does not match name in Eviction object");
        }

        if (Meta.Namespace(eviction) is { Length: > 0 } evictionNs && evictionNs != ns)
        {
            throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        var options = DeleteOptionsOf(eviction["deleteOptions"] as JsonObject, dryRunQuery);
        var rvUnset = string.IsNullOrEmpty(options.PreconditionResourceVersion);
        JsonObject pod;
        for (var attempt = 0; ; attempt++)
        {
            pod = await pods.GetAsync(ns, name, cancellationToken).ConfigureAwait(false);
            if (!CanIgnoreBudget(pod))
            {
                break;
            }

            var direct = ShouldEnforceResourceVersion(pod) && rvUnset ? options with { PreconditionResourceVersion = Meta.ResourceVersion(pod) } : options;
            try
            {
                await pods.DeleteAsync(ns, name, direct, cancellationToken).ConfigureAwait(false);
                return Success();
            }
            catch (ApiException e) when (e.Code == 409 && rvUnset && attempt < ConflictRetries)
            {
            }
        }

        var list = await budgets.ListAsync(ns, new ListOptions(), cancellationToken).ConfigureAwait(false);
        var matching = DisruptionBudgets.Matching(list.Items, pod);
        if (matching.Count > 1)
        {
            return new JsonObject
            {
                ["kind"] = "Status",
                ["apiVersion"] = "v1",
                ["metadata"] = new JsonObject(),
                ["status"] = "Failure",
                ["message"] = "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.",
                ["code"] = 500,
            };
        }

        var guardReadiness = false;
        string? pdbName = null;
        if (matching.Count == 1)
        {
            var pdb = matching[0];
            pdbName = Meta.Name(pdb);
            if (!DisruptionBudgets.IsPodReady(pod) && UnreadyPodNeedsNoBudget(pdb))
            {
                // An unready pod is not counted healthy: evicting it takes nothing from the budget, as long as it stays unready.
                guardReadiness = true;
            }
            else
            {
                var write = new WriteOptions { DryRun = options.DryRun, FieldManager = "kube-apiserver", ApiVersion = "policy/v1" };
                await budgets.UpdateAsync(ns, pdbName, "status", current => DisruptionBudgets.CheckAndDecrement(current!, name, time.GetUtcNow()),
                    allowCreate: false, write, cancellationToken).ConfigureAwait(false);
            }
        }

        var final = guardReadiness ? options with { PreconditionResourceVersion = Meta.ResourceVersion(pod) } : options;
        try
        {
            await pods.DeleteAsync(ns, name, final, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code == 409 && guardReadiness && rvUnset)
        {
            // The pod changed (it may have become ready) since the budget was consulted: the client should try again.
            throw DisruptionBudgets.StillProcessing(pdbName!);
        }

        return Success();
    }

    /// <summary>A pod that is terminal, not yet running or already being deleted causes no new disruption.</summary>
    private static bool CanIgnoreBudget(JsonObject pod) =>
        Phase(pod) is "Succeeded" or "Failed" or "Pending" || Meta.HasDeletionTimestamp(pod);

    /// <summary>Terminal or deleting pods cannot race with becoming ready; others are deleted only at the version seen.</summary>
    private static bool ShouldEnforceResourceVersion(JsonObject pod) =>
        Phase(pod) is not ("Succeeded" or "Failed") && !Meta.HasDeletionTimestamp(pod);

    private static bool UnreadyPodNeedsNoBudget(JsonObject pdb)
    {
        if (Meta.GetString(pdb["spec"] as JsonObject, "unhealthyPodEvictionPolicy") == "AlwaysAllow")
        {
            return true;
        }

        var desired = DisruptionBudgets.Status(pdb, "desiredHealthy");
        return DisruptionBudgets.Status(pdb, "currentHealthy") >= desired && desired > 0;
    }

    private static string? Phase(JsonObject pod) => Meta.GetString(pod["status"] as JsonObject, "phase");

    private static JsonObject Success() => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Success",
        ["code"] = 201,
    };

    /// <summary>The Eviction's deleteOptions, with the request's dryRun (both given and different is an error, as upstream).</summary>
    private static DeleteOptions DeleteOptionsOf(JsonObject? body, bool dryRunQuery)
    {
        var bodyDryRun = body?["dryRun"] is JsonArray { Count: > 0 } d ? d.Select(v => Meta.String(v) ?? "").ToList() : [];
        if (bodyDryRun.FirstOrDefault(v => v != "All") is { } invalid)
        {
            throw ApiException.BadRequest($"Invalid dryRun value: \"{invalid}\": supported values: \"All\"");
        }

        if (dryRunQuery && bodyDryRun.Count > 0 && bodyDryRun is not ["All"])
        {
            throw ApiException.Internal($"Non-matching dry-run options in request and content: [All] and [{string.Join(" ", bodyDryRun)}]");
        }

        var pre = body?["preconditions"] as JsonObject;
        var policy = Meta.GetString(body, "propagationPolicy");
        if (policy is null && body?["orphanDependents"] is JsonValue o && o.TryGetValue<bool>(out var orphan))
        {
            policy = orphan ? "Orphan" : "Background";
        }

        return new DeleteOptions
        {
            GracePeriodSeconds = Meta.GetLong(body, "gracePeriodSeconds"),
            PropagationPolicy = policy,
            PreconditionUid = Meta.GetString(pre, "uid"),
            PreconditionResourceVersion = Meta.GetString(pre, "resourceVersion"),
            DryRun = dryRunQuery || bodyDryRun.Count > 0,
        };
    }
}
