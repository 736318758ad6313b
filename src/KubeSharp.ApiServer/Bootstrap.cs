using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Registry;

namespace KubeSharp.ApiServer;

/// <summary>What every cluster has from its first start: the system namespaces and the `kubernetes` Service in default.</summary>
internal static class Bootstrap
{
    public static readonly string[] SystemNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    public static async Task EnsureAsync(ResourceCatalog catalog, string kubernetesServiceIp, int apiPort, CancellationToken cancellationToken)
    {
        var options = new WriteOptions { FieldManager = "kube-apiserver", ApiVersion = "v1" };
        var namespaces = catalog.Get("", "namespaces");
        foreach (var ns in SystemNamespaces)
        {
            await CreateIfMissingAsync(namespaces, "", new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Namespace",
                ["metadata"] = new JsonObject { ["name"] = ns },
            }, options, cancellationToken).ConfigureAwait(false);
        }

        await CreateIfMissingAsync(catalog.Get("", "services"), "default", new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = new JsonObject
            {
                ["name"] = "kubernetes",
                ["namespace"] = "default",
                ["labels"] = new JsonObject { ["component"] = "apiserver", ["provider"] = "kubernetes" },
            },
            ["spec"] = new JsonObject
            {
                ["clusterIP"] = kubernetesServiceIp,
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = 443, ["protocol"] = "TCP", ["targetPort"] = apiPort }),
                ["sessionAffinity"] = "None",
                ["type"] = "ClusterIP",
            },
        }, options, cancellationToken).ConfigureAwait(false);
        await EnsurePriorityClassesAsync(catalog, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Upstream's two system priority classes, which critical add-ons name.</summary>
    public static async Task EnsurePriorityClassesAsync(ResourceCatalog catalog, CancellationToken cancellationToken)
    {
        var options = new WriteOptions { FieldManager = "kube-apiserver", ApiVersion = "scheduling.k8s.io/v1" };
        foreach (var (name, value, description) in new[]
                 {
                     ("system-node-critical", 2000001000L, "Used for system critical pods that must not be moved from their current node."),
                     ("system-cluster-critical", 2000000000L, "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary."),
                 })
        {
            await CreateIfMissingAsync(catalog.Get("scheduling.k8s.io", "priorityclasses"), "", new JsonObject
            {
                ["apiVersion"] = "scheduling.k8s.io/v1",
                ["kind"] = "PriorityClass",
                ["metadata"] = new JsonObject { ["name"] = name },
                ["value"] = value,
                ["description"] = description,
                ["preemptionPolicy"] = "PreemptLowerPriority",
            }, options, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task CreateIfMissingAsync(ResourceRegistry registry, string ns, JsonObject obj, WriteOptions options, CancellationToken cancellationToken)
    {
        try
        {
            await registry.CreateAsync(ns, obj, options, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Reason == "AlreadyExists" || (e.Code == 422 && e.Message.Contains("already allocated", StringComparison.Ordinal)))
        {
            // Made by an earlier start, or by another server sharing the store.
        }
    }
}
