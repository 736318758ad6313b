using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Objects;

namespace KubeSharp.ApiServer.Registry.Pods;

/// <summary>
/// Upstream's Priority admission plugin on pod creation: <c>spec.priority</c> (and <c>preemptionPolicy</c>) come from the pod's
/// PriorityClass, or from the cluster's globalDefault class, or 0; a named class that does not exist, or a priority the
/// client set that differs from the class's, is refused with 403 as upstream.
/// </summary>
internal sealed class PodPriorityHooks(Func<ResourceCatalog> catalog) : RegistryHooks
{
    public override async Task BeforeCreateAsync(JsonObject obj, bool dryRun, CancellationToken cancellationToken)
    {
        if (obj["spec"] is not JsonObject spec)
        {
            return;
        }

        var classes = catalog().Get("scheduling.k8s.io", "priorityclasses");
        var className = Meta.String(spec["priorityClassName"]) ?? "";
        JsonObject? priorityClass;
        if (className.Length > 0)
        {
            priorityClass = await classes.TryGetAsync("", className, cancellationToken).ConfigureAwait(false)
                ?? throw Forbidden(obj, $"no PriorityClass with name {className} was found");
        }
        else
        {
            var all = await classes.ListRecentAsync("", cancellationToken).ConfigureAwait(false);
            priorityClass = all.Where(c => c["globalDefault"]?.GetValueKind() == System.Text.Json.JsonValueKind.True)
                .OrderBy(c => Meta.Long(c["value"]) ?? 0)
                .FirstOrDefault();
            if (priorityClass is not null)
            {
                spec["priorityClassName"] = Meta.Name(priorityClass);
            }
        }

        var priority = priorityClass is null ? 0 : Meta.Long(priorityClass["value"]) ?? 0;
        if (Meta.Long(spec["priority"]) is { } given && given != priority)
        {
            throw Forbidden(obj, $"the integer value of priority ({given}) must not be provided in pod spec; priority admission controller computed {priority} from the given PriorityClass name");
        }

        spec["priority"] = priority;
        if (priorityClass is not null && Meta.String(priorityClass["preemptionPolicy"]) is { } policy && spec["preemptionPolicy"] is null)
        {
            spec["preemptionPolicy"] = policy;
        }
    }

    private static ApiException Forbidden(JsonObject pod, string message)
    {
        var name = Meta.Name(pod);
        return new ApiException(403, "Forbidden", $"pods \"{name}\" is forbidden: {message}", new StatusDetails(name, "", "pods"));
    }
}
