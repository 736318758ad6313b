using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Objects;
using KubeSharp.Api.Selectors;

namespace KubeSharp.ApiServer.Registry;

/// <summary>
/// The fields each resource can be selected by (upstream's per-resource GetAttrs / field label conversion funcs).
/// Every resource supports metadata.name and metadata.namespace.
/// </summary>
internal static class FieldLabels
{
    private static readonly Dictionary<string, string[]> Extra = new()
    {
        ["pods"] = ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork",
            "status.phase", "status.podIP", "status.podIPs", "status.nominatedNodeName"],
        ["events"] = ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
            "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent",
            "source", "type"],
        ["events.events.k8s.io"] = ["regarding.kind", "regarding.namespace", "regarding.name", "regarding.uid", "regarding.apiVersion",
            "regarding.resourceVersion", "regarding.fieldPath", "reason", "reportingController", "type"],
        ["secrets"] = ["type"],
        ["namespaces"] = ["status.phase"],
        ["nodes"] = ["spec.unschedulable"],
        ["replicasets.apps"] = ["status.replicas"],
        ["replicationcontrollers"] = ["status.replicas"],
        ["jobs.batch"] = ["status.successful"],
        ["certificatesigningrequests.certificates.k8s.io"] = ["spec.signerName"],
        ["services"] = ["spec.clusterIP", "spec.type"],
    };

    /// <summary>Throws 400 BadRequest for a field the resource cannot be selected by, as upstream does.</summary>
    public static void Check(ResourceInfo resource, FieldSelector selector)
    {
        var key = resource.Group == "events.k8s.io" ? "events.events.k8s.io" : resource.GroupResource;
        Extra.TryGetValue(key, out var extra);
        foreach (var r in selector.Requirements)
        {
            if (r.Field is not ("metadata.name" or "metadata.namespace") && (extra is null || !extra.Contains(r.Field)))
            {
                throw ApiException.BadRequest($"field label not supported: {r.Field}");
            }
        }
    }

    public static string? Value(JsonObject obj, string field) => field switch
    {
        "source" => Meta.FieldValue(obj, "source.component") ?? "",
        "spec.hostNetwork" or "spec.unschedulable" => Meta.FieldValue(obj, field) ?? "false",
        "status.podIPs" => ((obj["status"] as JsonObject)?["podIPs"] as JsonArray)?.FirstOrDefault() is JsonObject ip
            ? Meta.GetString(ip, "ip") ?? "" : "",
        _ => Meta.FieldValue(obj, field) ?? "",
    };

    public static bool Matches(ListOptions options, JsonObject obj) =>
        (options.Labels.IsEverything || options.Labels.Matches(Meta.Labels(obj)))
        && (options.Fields.IsEverything || options.Fields.Matches(f => Value(obj, f)));
}
