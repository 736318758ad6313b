using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Objects;
using KubeSharp.Api.Serialization;
using KubeSharp.ApiServer.Patch;
using KubeSharp.ApiServer.Registry;
using KubeSharp.ApiServer.Registry.Schema;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Http;

/// <summary>Serves the verbs on resources: get, list, watch, create, update, patch, delete, deletecollection.</summary>
internal sealed class ResourceHandler(ResourceCatalog catalog, SubresourceHandler subresources, SchemaChecker schemas, TimeProvider time)
{
    private static readonly HashSet<string> ReturnsDeletedObject = ["pods", "namespaces", "services", "persistentvolumes", "persistentvolumeclaims",
        "customresourcedefinitions"];

    public ResourceCatalog Catalog => catalog;

    public async Task HandleAsync(HttpContext context, RequestInfo info)
    {
        var registry = catalog.Find(info.Group, info.Version, info.Resource)
            ?? throw new ApiException(404, "NotFound", "the server could not find the requested resource", new StatusDetails("", "", ""));
        var resource = registry.Resource;
        if (resource.Namespaced != (info.Namespace.Length > 0 && !(info.Group.Length == 0 && info.Resource == "namespaces")))
        {
            // A namespaced resource may be listed or watched across namespaces; nothing else works without one.
            if (!(resource.Namespaced && info.Name.Length == 0 && info.Verb is "list" or "watch"))
            {
                throw new ApiException(404, "NotFound", "the server could not find the requested resource", new StatusDetails("", "", ""));
            }
        }

        var query = new QueryParameters(context.Request.Query);
        var ns = resource.Namespaced ? info.Namespace : "";
        if (info.Subresource.Length > 0)
        {
            await subresources.HandleAsync(context, info, registry, ns, query).ConfigureAwait(false);
            return;
        }

        if (!resource.Verbs.Contains(info.Verb))
        {
            throw ApiException.MethodNotSupported(resource.Group, resource.Plural, info.Verb);
        }

        var format = Negotiation.Choose(context.Request.Headers.Accept, discovery: false);
        switch (info.Verb)
        {
            case "get":
                {
                    var obj = await registry.GetAsync(ns, info.Name, context.RequestAborted).ConfigureAwait(false);
                    await WriteObjectAsync(context, 200, resource, info.Version, obj, format, query).ConfigureAwait(false);
                    break;
                }

            case "list":
                await ListAsync(context, registry, info, ns, query, format).ConfigureAwait(false);
                break;
            case "watch":
                await WatchAsync(context, registry, info, ns, query, format).ConfigureAwait(false);
                break;
            case "create":
                await CreateAsync(context, registry, info, ns, query, format).ConfigureAwait(false);
                break;
            case "update":
                await ReplaceAsync(context, registry, info, ns, "", query, format).ConfigureAwait(false);
                break;
            case "patch":
                await PatchAsync(context, registry, info, ns, "", query, format).ConfigureAwait(false);
                break;
            case "delete":
                await DeleteAsync(context, registry, info, ns, query, format).ConfigureAwait(false);
                break;
            case "deletecollection":
                await DeleteCollectionAsync(context, registry, info, ns, query, format).ConfigureAwait(false);
                break;
            default:
                throw ApiException.MethodNotSupported(resource.Group, resource.Plural, info.Verb);
        }
    }

    public async Task CreateAsync(HttpContext context, ResourceRegistry registry, RequestInfo info, string ns, QueryParameters query, ResponseFormat format)
    {
        var options = WriteOptionsFor(context, info, query, "create");
        var obj = await DecodeObjectAsync(context, registry.Resource, info.Version, query, options).ConfigureAwait(false);
        if (!registry.Resource.Stored)
        {
            throw ApiException.MethodNotSupported(registry.Resource.Group, registry.Resource.Plural, "create");
        }

        var created = await registry.CreateAsync(ns, obj, options, context.RequestAborted).ConfigureAwait(false);
        ResponseWriter.AddWarnings(context, options.Warnings);
        await WriteObjectAsync(context, 201, registry.Resource, info.Version, created, format, query).ConfigureAwait(false);
    }

    public async Task ReplaceAsync(HttpContext context, ResourceRegistry registry, RequestInfo info, string ns, string subresource,
        QueryParameters query, ResponseFormat format)
    {
        var options = WriteOptionsFor(context, info, query, "update");
        var obj = await DecodeObjectAsync(context, registry.Resource, info.Version, query, options).ConfigureAwait(false);
        var (result, created) = await registry.ReplaceAsync(ns, info.Name, subresource, obj, options, context.RequestAborted).ConfigureAwait(false);
        ResponseWriter.AddWarnings(context, options.Warnings);
        await WriteObjectAsync(context, created ? 201 : 200, registry.Resource, info.Version, result, format, query).ConfigureAwait(false);
    }

    public async Task PatchAsync(HttpContext context, ResourceRegistry registry, RequestInfo info, string ns, string subresource,
        QueryParameters query, ResponseFormat format)
    {
        var resource = registry.Resource;
        var contentType = BodyDecoder.ContentType(context);
        var isApply = contentType is "application/apply-patch+yaml" or "application/apply-patch+json";
        var options = WriteOptionsFor(context, info, query, "patch", isApply);
        var body = await BodyDecoder.ReadBytesAsync(context).ConfigureAwait(false);
        var apiVersion = ResourceInfo.ApiVersionOf(resource.Group, info.Version);
        JsonNode patch = isApply
            ? YamlJson.ToJson(Encoding.UTF8.GetString(body)) ?? throw ApiException.BadRequest("the body of the request was empty")
            : BodyDecoder.Parse(body, contentType is "application/json-patch+json" or "application/merge-patch+json" or "application/strategic-merge-patch+json"
                ? "application/json" : contentType);
        Func<JsonObject?, JsonObject> transform;
        switch (contentType)
        {
            case "application/json-patch+json":
                transform = current => PatchResult(JsonPatch.Apply(current!, patch), current!, resource);
                break;
            case "application/merge-patch+json":
                transform = current => PatchResult(MergePatch.Apply(current, patch), current!, resource);
                break;
            case "application/strategic-merge-patch+json":
                {
                    var schema = PatchSchema.ForKind(apiVersion, resource.Kind)
                        ?? throw new ApiException(415, "UnsupportedMediaType",
                            $"strategic merge patch is not supported for {resource.GroupResource}: the resource has no schema (use merge patch or JSON patch)");
                    var patchObj = patch as JsonObject ?? throw ApiException.BadRequest("the strategic merge patch is not a JSON object");
                    transform = current => PatchResult(StrategicMergePatch.Apply(current!, patchObj, schema), current!, resource);
                    break;
                }

            case "application/apply-patch+yaml" or "application/apply-patch+json":
                {
                    var applied = patch as JsonObject ?? throw ApiException.BadRequest("the apply patch is not a YAML or JSON object");
                    CheckKind(applied, resource, info.Version);
                    schemas.Check(applied, resource, info.Version, "Strict", options.Warnings);
                    var force = query.Flag("force");
                    transform = current =>
                    {
                        if (current is null)
                        {
                            var createdObj = (JsonObject)applied.DeepClone();
                            return ManagedFields.Apply(null, createdObj, options.FieldManager, force, apiVersion, time.GetUtcNow());
                        }

                        return ManagedFields.Apply(current, applied, options.FieldManager, force, apiVersion, time.GetUtcNow());
                    };
                    break;
                }

            default:
                throw new ApiException(415, "UnsupportedMediaType",
                    $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json");
        }

        var validation = query.FieldValidation;
        var wrapped = isApply ? transform : current =>
        {
            var result = transform(current);
            schemas.Check(result, resource, info.Version, validation, options.Warnings);
            return result;
        };
        var (updated, created) = await registry.UpdateAsync(ns, info.Name, subresource, wrapped, allowCreate: isApply, options, context.RequestAborted)
            .ConfigureAwait(false);
        ResponseWriter.AddWarnings(context, options.Warnings);
        await WriteObjectAsync(context, created ? 201 : 200, resource, info.Version, updated, format, query).ConfigureAwait(false);
    }

    private async Task DeleteAsync(HttpContext context, ResourceRegistry registry, RequestInfo info, string ns, QueryParameters query, ResponseFormat format)
    {
        var options = await DeleteOptionsAsync(context, query).ConfigureAwait(false);
        var resource = registry.Resource;
        var (obj, deleted) = await registry.DeleteAsync(ns, info.Name, options, context.RequestAborted).ConfigureAwait(false);
        if (deleted && !ReturnsDeletedObject.Contains(resource.Plural) && BuiltInResources.IsBuiltIn(resource))
        {
            await ResponseWriter.WriteAsync(context, 200, ResponseWriter.SuccessStatus(info.Name, resource.Group, resource.Plural, Meta.Uid(obj)), format)
                .ConfigureAwait(false);
            return;
        }

        var status = !deleted && options.PropagationPolicy == "Foreground" ? 202 : 200;
        await WriteObjectAsync(context, status, resource, info.Version, obj, format, query).ConfigureAwait(false);
    }

    private async Task DeleteCollectionAsync(HttpContext context, ResourceRegistry registry, RequestInfo info, string ns, QueryParameters query,
        ResponseFormat format)
    {
        var options = await DeleteOptionsAsync(context, query).ConfigureAwait(false);
        var list = await registry.ListAsync(ns, query.ListOptions() with { Limit = 0, Continue = null }, context.RequestAborted).ConfigureAwait(false);
        var deleted = new List<JsonObject>();
        foreach (var item in list.Items)
        {
            try
            {
                var (obj, _) = await registry.DeleteAsync(Meta.Namespace(item), Meta.Name(item), options, context.RequestAborted).ConfigureAwait(false);
                deleted.Add(obj);
            }
            catch (ApiException e) when (e.Code == 404)
            {
                // Deleted meanwhile by someone else: the collection is still gone.
            }
        }

        await WriteListAsync(context, registry.Resource, info.Version, new ListResult(deleted, list.ResourceVersion, null, null), format, query)
            .ConfigureAwait(false);
    }

    private async Task ListAsync(HttpContext context, ResourceRegistry registry, RequestInfo info, string ns, QueryParameters query, ResponseFormat format)
    {
        var list = await registry.ListAsync(ns, query.ListOptions(), context.RequestAborted).ConfigureAwait(false);
        await WriteListAsync(context, registry.Resource, info.Version, list, format, query).ConfigureAwait(false);
    }

    private async Task WatchAsync(HttpContext context, ResourceRegistry registry, RequestInfo info, string ns, QueryParameters query, ResponseFormat format)
    {
        var options = query.ListOptions();
        if (info.Name.Length > 0)
        {
            // GET /pods/{name}?watch=true watches the one object.
            options = options with { Fields = Api.Selectors.FieldSelector.Parse(CombineFieldSelector(query.Get("fieldSelector"), info.Name)) };
        }

        // Upstream picks a random timeout between the minimum request timeout (30 min) and twice that.
        var timeout = options.Timeout ?? TimeSpan.FromSeconds(1800 + Random.Shared.Next(1800));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        cts.CancelAfter(timeout);
        var response = context.Response;
        var resource = registry.Resource;
        var first = true;
        var includeObject = query.Get("includeObject") ?? "Metadata";
        var unflushed = 0;
        JsonNode Render(WatchEvent e)
        {
            if (e.Type == "ERROR")
            {
                return e.Object;
            }

            // A cached object is shared by all watchers: the conversions below build on a copy.
            var source = e.Shared is null ? e.Object : (JsonObject)e.Object.DeepClone();
            JsonNode obj = format switch
            {
                ResponseFormat.Table when e.Type != "BOOKMARK" => TableBuilder.Build(resource, [Output(resource, info.Version, source)], includeObject,
                    time.GetUtcNow(), Meta.ResourceVersion(source), null, null, withColumns: first),
                ResponseFormat.PartialObjectMetadata => TableBuilder.PartialMetadata(source, resource),
                _ => Output(resource, info.Version, source),
            };
            if (e.Type != "BOOKMARK")
            {
                first = false;
            }

            return obj;
        }

        try
        {
            // Selectors and options were checked while parsing; headers go out at once so that a client waiting for the
            // response (client-go's Watch) is not held until the first event. Later failures become ERROR events.
            await using var events = registry.WatchAsync(ns, options, cts.Token).GetAsyncEnumerator(cts.Token);
            response.StatusCode = 200;
            response.ContentType = format == ResponseFormat.Yaml ? "application/yaml" : "application/json";
            response.Headers.CacheControl = "no-cache, private";
            await response.StartAsync(cts.Token).ConfigureAwait(false);
            await response.Body.FlushAsync(cts.Token).ConfigureAwait(false);
            while (await NextAsync(events, response, cts.Token).ConfigureAwait(false))
            {
                var e = events.Current;
                if (e.Shared is { } shared && format is ResponseFormat.Json or ResponseFormat.Yaml)
                {
                    // Serialised once for every watcher of this version (the watch cache's shared bytes).
                    unflushed += WriteEvent(response.BodyWriter, e.Type, shared.For(resource, info.Version));
                }
                else
                {
                    unflushed += WriteEvent(response.BodyWriter, e.Type, Render(e));
                }

                if (unflushed > MaxUnflushedWatchBytes)
                {
                    await response.BodyWriter.FlushAsync(cts.Token).ConfigureAwait(false);
                    unflushed = 0;
                }
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            // The watch timed out or the client went away: the stream simply ends.
        }
    }

    /// <summary>
    /// The next watch event. Written events are flushed only when no further event is ready at once, as upstream's watch
    /// server does, so a burst goes out in few frames. A failure after the stream started is sent as an ERROR event.
    /// </summary>
    private static async Task<bool> NextAsync(IAsyncEnumerator<WatchEvent> events, HttpResponse response, CancellationToken cancellationToken)
    {
        try
        {
            var next = events.MoveNextAsync();
            if (!next.IsCompleted)
            {
                await response.BodyWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            if (await next.ConfigureAwait(false))
            {
                return true;
            }
        }
        catch (ApiException e)
        {
            WriteEvent(response.BodyWriter, "ERROR", e.ToStatus());
        }

        await response.BodyWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
        return false;
    }

    private static readonly JsonWriterOptions EventWriterOptions = new() { Indented = false, SkipValidation = true };

    /// <summary>How much a burst of watch events may queue in the response before it is flushed anyway.</summary>
    private const int MaxUnflushedWatchBytes = 64 * 1024;

    /// <summary>Writes one event line; returns its length.</summary>
    private static int WriteEvent(IBufferWriter<byte> output, string type, JsonNode obj)
    {
        using var writer = new Utf8JsonWriter(output, EventWriterOptions);
        writer.WriteStartObject();
        writer.WriteString("type", type);
        writer.WritePropertyName("object");
        obj.WriteTo(writer);
        writer.WriteEndObject();
        writer.Flush();
        output.Write("\n"u8);
        return (int)writer.BytesCommitted + 1;
    }

    /// <summary>Writes one event line around an object's shared bytes; returns its length.</summary>
    private static int WriteEvent(IBufferWriter<byte> output, string type, byte[] obj)
    {
        output.Write("{\"type\":\""u8);
        output.Write(type switch
        {
            "ADDED" => "ADDED"u8,
            "MODIFIED" => "MODIFIED"u8,
            "DELETED" => "DELETED"u8,
            _ => Encoding.UTF8.GetBytes(type),
        });
        output.Write("\",\"object\":"u8);
        output.Write(obj);
        output.Write("}\n"u8);
        return obj.Length + type.Length + 24;
    }

    private static string CombineFieldSelector(string? existing, string name) =>
        string.IsNullOrEmpty(existing) ? "metadata.name=" + name : existing + ",metadata.name=" + name;

    public async Task WriteObjectAsync(HttpContext context, int status, ResourceInfo resource, string version, JsonObject obj, ResponseFormat format,
        QueryParameters query)
    {
        var output = Output(resource, version, obj);
        JsonNode body = format switch
        {
            ResponseFormat.Table => TableBuilder.Build(resource, [output], query.Get("includeObject") ?? "Metadata", time.GetUtcNow(),
                Meta.ResourceVersion(obj), null, null),
            ResponseFormat.PartialObjectMetadata => TableBuilder.PartialMetadata(output, resource),
            _ => output,
        };
        await ResponseWriter.WriteAsync(context, status, body, format).ConfigureAwait(false);
    }

    private async Task WriteListAsync(HttpContext context, ResourceInfo resource, string version, ListResult list, ResponseFormat format,
        QueryParameters query)
    {
        var rv = list.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        JsonNode body;
        if (format == ResponseFormat.Table)
        {
            body = TableBuilder.Build(resource, list.Items.Select(i => Output(resource, version, i)), query.Get("includeObject") ?? "Metadata",
                time.GetUtcNow(), rv, list.Continue, list.RemainingItemCount);
        }
        else
        {
            var meta = new JsonObject { ["resourceVersion"] = rv };
            if (list.Continue is not null)
            {
                meta["continue"] = list.Continue;
            }

            if (list.RemainingItemCount is not null)
            {
                meta["remainingItemCount"] = list.RemainingItemCount;
            }

            var partial = format == ResponseFormat.PartialObjectMetadata;
            var items = new JsonArray();
            foreach (var item in list.Items)
            {
                items.Add(partial ? TableBuilder.PartialMetadata(item, resource) : Output(resource, version, item));
            }

            body = new JsonObject
            {
                ["kind"] = partial ? "PartialObjectMetadataList" : resource.ListKind,
                ["apiVersion"] = partial ? "meta.k8s.io/v1" : ResourceInfo.ApiVersionOf(resource.Group, version),
                ["metadata"] = meta,
                ["items"] = items,
            };
        }

        await ResponseWriter.WriteAsync(context, 200, body, format).ConfigureAwait(false);
    }

    /// <summary>The object as the client asked for it: apiVersion at the requested version, kind first.</summary>
    public static JsonObject Output(ResourceInfo resource, string version, JsonObject obj)
    {
        if (Meta.GetString(obj, "apiVersion") == ResourceInfo.ApiVersionOf(resource.Group, version) && Meta.GetString(obj, "kind") == resource.Kind)
        {
            return obj;
        }

        var output = new JsonObject
        {
            ["kind"] = resource.Kind,
            ["apiVersion"] = ResourceInfo.ApiVersionOf(resource.Group, version),
        };
        foreach (var (k, v) in obj.ToList())
        {
            if (k is not ("kind" or "apiVersion"))
            {
                obj.Remove(k);
                output[k] = v;
            }
        }

        return output;
    }

    public async Task<JsonObject> DecodeObjectAsync(HttpContext context, ResourceInfo resource, string version, QueryParameters query, WriteOptions options)
    {
        var body = await BodyDecoder.ReadBytesAsync(context).ConfigureAwait(false);
        var duplicates = new List<string>();
        var obj = BodyDecoder.ParseObject(body, BodyDecoder.ContentType(context), duplicates);
        CheckKind(obj, resource, version);
        schemas.Check(obj, resource, version, query.FieldValidation, options.Warnings, duplicates);
        return obj;
    }

    private static void CheckKind(JsonObject obj, ResourceInfo resource, string version)
    {
        var expected = ResourceInfo.ApiVersionOf(resource.Group, version);
        var apiVersion = Meta.GetString(obj, "apiVersion");
        var kind = Meta.GetString(obj, "kind");
        if (string.IsNullOrEmpty(kind))
        {
            obj["kind"] = resource.Kind;
        }
        else if (kind != resource.Kind)
        {
            throw ApiException.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({resource.Kind}) of the request path");
        }

        if (string.IsNullOrEmpty(apiVersion))
        {
            obj["apiVersion"] = expected;
        }
        else if (apiVersion != expected)
        {
            throw ApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({expected})");
        }
    }

    /// <summary>The result of a JSON or merge patch: an object, whose resourceVersion (if the patch set one) is a precondition.</summary>
    private static JsonObject PatchResult(JsonNode? patched, JsonObject current, ResourceInfo resource)
    {
        if (patched is not JsonObject obj)
        {
            throw ApiException.BadRequest("the patch did not result in a JSON object");
        }

        var rv = Meta.ResourceVersion(obj);
        if (rv.Length > 0 && rv != Meta.ResourceVersion(current))
        {
            throw ApiException.ConflictModified(resource.Group, resource.Plural, Meta.Name(current));
        }

        return obj;
    }

    public static WriteOptions WriteOptionsFor(HttpContext context, RequestInfo info, QueryParameters query, string verb, bool apply = false)
    {
        var manager = query.Get("fieldManager");
        if (string.IsNullOrEmpty(manager))
        {
            if (apply)
            {
                throw ApiException.Invalid("meta.k8s.io", "PatchOptions", "", [FieldError.Required("fieldManager", "is required for apply patch")]);
            }

            // Upstream derives the manager from the User-Agent's program name.
            var ua = context.Request.Headers.UserAgent.ToString();
            manager = ua.Length > 0 ? ua.Split('/')[0] : "unknown";
        }
        else if (manager.Length > 128)
        {
            throw ApiException.Invalid("meta.k8s.io", verb == "patch" ? "PatchOptions" : verb == "create" ? "CreateOptions" : "UpdateOptions", "",
                [FieldError.TooLong("fieldManager", manager, 128)]);
        }

        return new WriteOptions
        {
            DryRun = query.DryRun,
            FieldManager = manager,
            ApiVersion = ResourceInfo.ApiVersionOf(info.Group, info.Version),
        };
    }

    private static async Task<DeleteOptions> DeleteOptionsAsync(HttpContext context, QueryParameters query)
    {
        var options = new DeleteOptions
        {
            GracePeriodSeconds = query.Long("gracePeriodSeconds"),
            PropagationPolicy = query.Get("propagationPolicy") is { Length: > 0 } p ? p : (query.Get("orphanDependents") == "true" ? "Orphan" : null),
            DryRun = query.DryRun,
        };
        var body = await BodyDecoder.ReadBytesAsync(context).ConfigureAwait(false);
        if (body.Length == 0)
        {
            return options;
        }

        var json = BodyDecoder.ParseObject(body, BodyDecoder.ContentType(context));
        var pre = json["preconditions"] as JsonObject;
        var policy = Meta.GetString(json, "propagationPolicy");
        if (policy is null && json["orphanDependents"] is JsonValue o && o.TryGetValue<bool>(out var orphan))
        {
            policy = orphan ? "Orphan" : "Background";
        }

        return options with
        {
            GracePeriodSeconds = Meta.GetLong(json, "gracePeriodSeconds") ?? options.GracePeriodSeconds,
            PropagationPolicy = policy ?? options.PropagationPolicy,
            PreconditionUid = Meta.GetString(pre, "uid"),
            PreconditionResourceVersion = Meta.GetString(pre, "resourceVersion"),
            DryRun = options.DryRun || json["dryRun"] is JsonArray { Count: > 0 },
        };
    }
}
