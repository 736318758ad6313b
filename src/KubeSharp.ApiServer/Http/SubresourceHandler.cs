using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Objects;
using KubeSharp.Api.Selectors;
using KubeSharp.ApiServer.Patch;
using KubeSharp.ApiServer.Proxy;
using KubeSharp.ApiServer.Registry;
using KubeSharp.ApiServer.Registry.Eviction;
using KubeSharp.ApiServer.Registry.ServiceAccounts;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Http;

/// <summary>
/// Serves subresources: status, scale, pods/binding, pods/eviction, namespaces/finalize, serviceaccounts/token, and through
/// the kubelet pods/log, pods/exec, pods/attach, pods/portforward and nodes/proxy.
/// </summary>
internal sealed class SubresourceHandler(Func<ResourceHandler> resources, TimeProvider time, TokenRequestRest? tokenRequests = null,
    KubeletProxy? kubelets = null)
{
    public async Task HandleAsync(HttpContext context, RequestInfo info, ResourceRegistry registry, string ns, QueryParameters query)
    {
        var resource = registry.Resource;
        var sub = resource.Subresources.FirstOrDefault(s => s.Name == info.Subresource)
            ?? throw new ApiException(404, "NotFound", "the server could not find the requested resource", new StatusDetails("", "", ""));
        if (info.Name.Length == 0 || !sub.Verbs.Contains(info.Verb))
        {
            throw ApiException.MethodNotSupported(resource.Group, resource.Plural + "/" + sub.Name, info.Verb);
        }

        var format = Negotiation.Choose(context.Request.Headers.Accept, discovery: false);
        var handler = resources();
        switch (sub.Name, info.Verb)
        {
            case ("status" or "finalize", "get"):
                {
                    var obj = await registry.GetAsync(ns, info.Name, context.RequestAborted).ConfigureAwait(false);
                    await handler.WriteObjectAsync(context, 200, resource, info.Version, obj, format, query).ConfigureAwait(false);
                    return;
                }

            case ("status", "update"):
                await handler.ReplaceAsync(context, registry, info, ns, "status", query, format).ConfigureAwait(false);
                return;
            case ("status", "patch"):
                await handler.PatchAsync(context, registry, info, ns, "status", query, format).ConfigureAwait(false);
                return;
            case ("finalize", "update"):
                await FinalizeAsync(context, registry, info, query, format).ConfigureAwait(false);
                return;
            case ("scale", _):
                await ScaleAsync(context, registry, info, ns, query, format).ConfigureAwait(false);
                return;
            case ("binding", "create"):
                await BindAsync(context, registry, info, ns, query).ConfigureAwait(false);
                return;
            case ("eviction", "create"):
                await EvictAsync(context, registry, info, ns, query, format).ConfigureAwait(false);
                return;
            case ("token", "create") when tokenRequests is not null:
                await tokenRequests.HandleAsync(context, ns, info.Name).ConfigureAwait(false);
                return;
            case ("log", "get") when kubelets is not null && resource.Plural == "pods":
                await kubelets.ServeLogAsync(context, registry, handler.Catalog.Get("", "nodes"), ns, info.Name).ConfigureAwait(false);
                return;
            case ("exec" or "attach" or "portforward", _) when kubelets is not null && resource.Plural == "pods":
                await kubelets.ServeStreamAsync(context, sub.Name, registry, handler.Catalog.Get("", "nodes"), ns, info.Name).ConfigureAwait(false);
                return;
            case ("proxy", _) when kubelets is not null && resource.Group.Length == 0 && resource.Plural == "nodes":
                await kubelets.ServeNodeProxyAsync(context, info, registry).ConfigureAwait(false);
                return;
            default:
                throw new ApiException(405, "MethodNotAllowed", $"{sub.Name} is not yet served for {resource.GroupResource}",
                    new StatusDetails(info.Name, resource.Group, resource.Plural));
        }
    }

    private async Task FinalizeAsync(HttpContext context, ResourceRegistry registry, RequestInfo info, QueryParameters query, ResponseFormat format)
    {
        var handler = resources();
        var options = ResourceHandler.WriteOptionsFor(context, info, query, "update");
        var body = await handler.DecodeObjectAsync(context, registry.Resource, info.Version, query, options).ConfigureAwait(false);
        var finalizers = (body["spec"] as JsonObject)?["finalizers"]?.DeepClone();
        var (updated, _) = await registry.UpdateAsync("", info.Name, "finalize", current =>
        {
            var spec = current!["spec"] as JsonObject ?? new JsonObject();
            current["spec"] = spec;
            if (finalizers is null)
            {
                spec.Remove("finalizers");
            }
            else
            {
                spec["finalizers"] = finalizers.DeepClone();
            }

            return current;
        }, allowCreate: false, options, context.RequestAborted).ConfigureAwait(false);
        await handler.WriteObjectAsync(context, 200, registry.Resource, info.Version, updated, format, query).ConfigureAwait(false);
    }

    private async Task ScaleAsync(HttpContext context, ResourceRegistry registry, RequestInfo info, string ns, QueryParameters query, ResponseFormat format)
    {
        var resource = registry.Resource;
        if (info.Verb == "get")
        {
            var obj = await registry.GetAsync(ns, info.Name, context.RequestAborted).ConfigureAwait(false);
            await ResponseWriter.WriteAsync(context, 200, ScaleOf(obj), format).ConfigureAwait(false);
            return;
        }

        var options = ResourceHandler.WriteOptionsFor(context, info, query, info.Verb);
        var body = await BodyDecoder.ReadBytesAsync(context).ConfigureAwait(false);
        var contentType = BodyDecoder.ContentType(context);
        var patch = BodyDecoder.Parse(body, contentType.Contains("patch", StringComparison.Ordinal) ? "application/json" : contentType);
        var (updated, _) = await registry.UpdateAsync(ns, info.Name, "", current =>
        {
            var scale = ScaleOf(current!);
            JsonNode? desired = info.Verb == "update" ? patch : contentType switch
            {
                "application/json-patch+json" => JsonPatch.Apply(scale, patch),
                "application/merge-patch+json" or "application/strategic-merge-patch+json" => MergePatch.Apply(scale, patch),
                _ => throw ApiException.UnsupportedMediaType(contentType),
            };
            if (desired is not JsonObject d)
            {
                throw ApiException.BadRequest("the scale is not a JSON object");
            }

            var rv = Meta.ResourceVersion(d);
            if (rv.Length > 0 && rv != Meta.ResourceVersion(current!))
            {
                throw ApiException.ConflictModified(resource.Group, resource.Plural, info.Name);
            }

            var replicasNode = (d["spec"] as JsonObject)?["replicas"];
            long replicas = 0;
            if (replicasNode is not null && !(replicasNode is JsonValue v && v.TryGetValue(out replicas)))
            {
                throw ApiException.BadRequest("Scale in version \"v1\" cannot be handled as a Scale: json: cannot unmarshal into Go struct field ScaleSpec.spec.replicas of type int32");
            }

            if (replicas < 0)
            {
                throw ApiException.Invalid("autoscaling", "Scale", info.Name, [FieldError.Invalid("spec.replicas", replicas, "must be greater than or equal to 0")]);
            }

            var spec = current!["spec"] as JsonObject ?? new JsonObject();
            current["spec"] = spec;
            spec["replicas"] = replicas;
            return current;
        }, allowCreate: false, options, context.RequestAborted).ConfigureAwait(false);
        await ResponseWriter.WriteAsync(context, 200, ScaleOf(updated), format).ConfigureAwait(false);
    }

    /// <summary>The autoscaling/v1 Scale of a workload: spec.replicas, status.replicas and the selector as a string.</summary>
    public static JsonObject ScaleOf(JsonObject obj)
    {
        var meta = obj["metadata"] as JsonObject;
        var spec = obj["spec"] as JsonObject;
        var selectorNode = spec?["selector"];
        string selector = selectorNode switch
        {
            JsonObject s when s.ContainsKey("matchLabels") || s.ContainsKey("matchExpressions") => LabelSelector.FromJson(s).ToString(),
            JsonObject s => LabelSelector.FromJson(new JsonObject { ["matchLabels"] = s.DeepClone() }).ToString(),
            _ => "",
        };
        var scaleMeta = new JsonObject();
        foreach (var f in (string[])["name", "namespace", "uid", "resourceVersion", "creationTimestamp"])
        {
            if (meta?[f] is { } v)
            {
                scaleMeta[f] = v.DeepClone();
            }
        }

        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = scaleMeta,
            ["spec"] = new JsonObject { ["replicas"] = Meta.GetLong(spec, "replicas") ?? 0 },
            ["status"] = new JsonObject
            {
                ["replicas"] = Meta.GetLong(obj["status"] as JsonObject, "replicas") ?? 0,
                ["selector"] = selector,
            },
        };
    }

    private async Task BindAsync(HttpContext context, ResourceRegistry registry, RequestInfo info, string ns, QueryParameters query)
    {
        var body = BodyDecoder.ParseObject(await BodyDecoder.ReadBytesAsync(context).ConfigureAwait(false), BodyDecoder.ContentType(context));
        var target = body["target"] as JsonObject;
        var node = Meta.GetString(target, "name");
        if (string.IsNullOrEmpty(node))
        {
            throw ApiException.Invalid("", "Binding", info.Name, [FieldError.Required("target.name", "")]);
        }

        var options = ResourceHandler.WriteOptionsFor(context, info, query, "create");
        await BindPodAsync(registry, ns, info.Name, node, options, context.RequestAborted).ConfigureAwait(false);
        await ResponseWriter.WriteAsync(context, 201, new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["code"] = 201,
        }).ConfigureAwait(false);
    }

    private async Task EvictAsync(HttpContext context, ResourceRegistry pods, RequestInfo info, string ns, QueryParameters query, ResponseFormat format)
    {
        var body = BodyDecoder.ParseObject(await BodyDecoder.ReadBytesAsync(context).ConfigureAwait(false), BodyDecoder.ContentType(context));
        if (Meta.GetString(body, "apiVersion") is { Length: > 0 } apiVersion && apiVersion is not ("policy/v1" or "policy/v1beta1"))
        {
            throw ApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version (policy/v1)");
        }

        var evictions = new EvictionRest(pods, resources().Catalog.Get("policy", "poddisruptionbudgets"), time);
        var status = await evictions.EvictAsync(ns, info.Name, body, query.DryRun, context.RequestAborted).ConfigureAwait(false);
        await ResponseWriter.WriteAsync(context, (int)(Meta.GetLong(status, "code") ?? 201), status, format).ConfigureAwait(false);
    }

    /// <summary>Assigns a pod to a node (upstream's BindingREST): only an unassigned, live pod can be bound.</summary>
    public async Task BindPodAsync(ResourceRegistry pods, string ns, string name, string node, WriteOptions options, CancellationToken cancellationToken)
    {
        await pods.UpdateAsync(ns, name, "binding", current =>
        {
            var spec = current!["spec"] as JsonObject ?? new JsonObject();
            if (Meta.HasDeletionTimestamp(current))
            {
                throw ApiException.Conflict("", "pods/binding", name, $"pod {name} is being deleted, cannot be assigned to a host");
            }

            if (Meta.GetString(spec, "nodeName") is { Length: > 0 } existing)
            {
                throw ApiException.Conflict("", "pods/binding", name, $"pod {name} is already assigned to node \"{existing}\"");
            }

            spec["nodeName"] = node;
            var status = current["status"] as JsonObject ?? new JsonObject();
            current["status"] = status;
            var conditions = status["conditions"] as JsonArray ?? new JsonArray();
            status["conditions"] = conditions;
            foreach (var c in conditions.OfType<JsonObject>().Where(c => Meta.GetString(c, "type") == "PodScheduled").ToList())
            {
                conditions.Remove(c);
            }

            conditions.Add(new JsonObject
            {
                ["type"] = "PodScheduled",
                ["status"] = "True",
                ["lastProbeTime"] = null,
                ["lastTransitionTime"] = Meta.FormatTime(time.GetUtcNow()),
            });
            return current;
        }, allowCreate: false, options, cancellationToken).ConfigureAwait(false);
    }
}
