using System.Net;
using System.Text.Json.Nodes;
using KubeSharp.Controllers.GarbageCollector;

namespace KubeSharp.Controllers.Namespace;

/// <summary>Upstream's namespaced resources deleter: deletes every object of every discovered namespaced resource in a namespace
/// (deletecollection where served, one by one otherwise) and reports what remains.</summary>
internal sealed class NamespacedResourcesDeleter(DynamicClient client)
{
    public async Task<ContentDeletionResult> DeleteAllContentAsync(string ns, CancellationToken cancellationToken)
    {
        var conditions = new NamespaceConditionUpdater();
        var discovery = await ResourceDiscovery.DiscoverAsync(client, cancellationToken).ConfigureAwait(false);
        if (discovery.FailedGroupVersions.Count > 0)
        {
            conditions.DiscoveryFailed(discovery.FailedGroupVersions);
        }

        var errors = new List<string>();
        var remaining = new Dictionary<string, int>(StringComparer.Ordinal);
        var finalizers = new Dictionary<string, int>(StringComparer.Ordinal);
        long estimate = 0;
        foreach (var resource in discovery.Preferred.Where(r => r.Namespaced && r.Supports("delete") && r.Supports("list")))
        {
            IReadOnlyList<JsonObject> left;
            try
            {
                left = await DeleteResourceAsync(resource, ns, cancellationToken).ConfigureAwait(false);
            }
            catch (ApiRequestException e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
            {
                // The resource went away since discovery, or does not serve these verbs after all.
                continue;
            }
            catch (Exception e) when (e is ApiRequestException or HttpRequestException)
            {
                errors.Add($"{e.Message} for gvr: {resource}");
                continue;
            }

            if (left.Count == 0)
            {
                continue;
            }

            remaining[resource.GroupResource] = left.Count;
            foreach (var item in left)
            {
                var meta = item["metadata"] as JsonObject;
                foreach (var finalizer in (meta?["finalizers"] as JsonArray ?? []).Select(f => f?.GetValue<string>() ?? ""))
                {
                    finalizers[finalizer] = finalizers.GetValueOrDefault(finalizer) + 1;
                }

                if (meta?["deletionGracePeriodSeconds"]?.GetValue<long>() is { } grace && resource.Group.Length == 0 && resource.Plural == "pods")
                {
                    estimate = Math.Max(estimate, grace);
                }
            }
        }

        if (errors.Count > 0)
        {
            conditions.ContentDeletionFailed(errors);
        }

        if (remaining.Count > 0)
        {
            conditions.ResourcesRemain(remaining);
        }

        if (finalizers.Count > 0)
        {
            conditions.FinalizersRemain(finalizers);
        }

        return new ContentDeletionResult(!conditions.HasFailures, estimate, conditions);
    }

    /// <summary>Deletes the resource's objects in <paramref name="ns"/> and returns those still there afterwards.</summary>
    private async Task<IReadOnlyList<JsonObject>> DeleteResourceAsync(ApiResource resource, string ns, CancellationToken cancellationToken)
    {
        if (resource.Supports("deletecollection"))
        {
            await client.DeleteCollectionAsync(resource, ns, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            foreach (var item in await client.ListAsync(resource, ns, cancellationToken).ConfigureAwait(false))
            {
                var name = (item["metadata"] as JsonObject)?["name"]?.GetValue<string>() ?? "";
                await client.DeleteAsync(resource, ns, name, "Background", null, cancellationToken).ConfigureAwait(false);
            }
        }

        return await client.ListAsync(resource, ns, cancellationToken).ConfigureAwait(false);
    }
}
