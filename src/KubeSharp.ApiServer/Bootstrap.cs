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
