using System.Globalization;
using System.Text.Json.Nodes;
using KubeSharp.ApiServer.Registry;

namespace KubeSharp.ApiServer.OpenApi;

/// <summary>
/// The REST operations of one resource at one version, as upstream's OpenAPI describes them: list/create/deletecollection on the
/// collection, get/replace/patch/delete on the item, the all-namespaces list, and the status/scale-like subresources. Every write
/// operation carries the fieldValidation parameter and an x-kubernetes-group-version-kind, which is how kubectl decides that
/// the server validates fields itself.
/// </summary>
internal sealed class OpenApiPaths(SchemaBuilder schemas, ModelTypes types, bool openApi3)
{
    private static readonly string[] PatchTypes =
        ["application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json"];

    private static readonly string[] Produces = ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"];

    public void Add(JsonObject paths, ResourceInfo resource, string version)
    {
        var kindType = types.Kind(resource.Group, version, resource.Kind);
        var kind = Definition(kindType);
        var list = Definition(types.Kind(resource.Group, version, resource.ListKind));
        var gvk = Gvk(resource.Group, version, resource.Kind);
        var root = resource.Group.Length == 0 ? "/api/" + version : "/apis/" + resource.Group + "/" + version;
        var collection = root + (resource.Namespaced ? "/namespaces/{namespace}/" : "/") + resource.Plural;
        var scope = resource.Namespaced ? "Namespaced" : "";
        var id = GroupVersionId(resource.Group, version);
        var tag = char.ToLowerInvariant(id[0]) + id[1..^version.Length] + "_" + version;
        var verbs = resource.Verbs.ToHashSet(StringComparer.Ordinal);

        var collectionItem = new JsonObject();
        if (verbs.Contains("list"))
        {
            collectionItem["get"] = Operation("list", "list" + id + scope + resource.Kind, "list or watch objects of kind " + resource.Kind, tag, gvk,
                OpenApiParameters.List, body: null, list);
        }

        if (verbs.Contains("create"))
        {
            collectionItem["post"] = Operation("post", "create" + id + scope + resource.Kind, "create " + Article(resource.Kind), tag, gvk,
                [OpenApiParameters.DryRun, OpenApiParameters.FieldManager, OpenApiParameters.FieldValidation], kind, kind);
        }

        if (verbs.Contains("deletecollection"))
        {
            collectionItem["delete"] = Operation("deletecollection", "delete" + id + "Collection" + scope + resource.Kind,
                "delete collection of " + resource.Kind, tag, gvk, [.. OpenApiParameters.Delete, .. OpenApiParameters.List],
                "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", "io.k8s.apimachinery.pkg.apis.meta.v1.Status");
        }

        AddPath(paths, collection, collectionItem, resource.Namespaced, withName: false);

        var item = new JsonObject();
        if (verbs.Contains("get"))
        {
            item["get"] = Operation("get", "read" + id + scope + resource.Kind, "read the specified " + resource.Kind, tag, gvk, [], null, kind);
        }

        AddWrites(item, "replace" + id + scope + resource.Kind, "patch" + id + scope + resource.Kind, resource.Kind, tag, gvk, verbs, kind);
        if (verbs.Contains("delete"))
        {
            item["delete"] = Operation("delete", "delete" + id + scope + resource.Kind, "delete " + Article(resource.Kind), tag, gvk,
                OpenApiParameters.Delete, "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", "io.k8s.apimachinery.pkg.apis.meta.v1.Status");
        }

        AddPath(paths, collection + "/{name}", item, resource.Namespaced, withName: true);

        if (resource.Namespaced && verbs.Contains("list"))
        {
            AddPath(paths, root + "/" + resource.Plural, new JsonObject
            {
                ["get"] = Operation("list", "list" + id + resource.Kind + "ForAllNamespaces", "list or watch objects of kind " + resource.Kind, tag, gvk,
                    OpenApiParameters.List, null, list),
            }, namespaced: false, withName: false);
        }

        foreach (var subresource in resource.Subresources)
        {
            AddSubresource(paths, resource, version, subresource, collection, id, scope, tag);
        }
    }

    private void AddSubresource(JsonObject paths, ResourceInfo resource, string version, SubresourceInfo subresource, string collection,
        string id, string scope, string tag)
    {
        // The subresource's kind is served at the parent's version when it is the parent's own kind (status, ephemeralcontainers).
        var subVersion = subresource.Group == resource.Group && subresource.Kind == resource.Kind ? version : subresource.Version;
        var subType = types.Kind(subresource.Group, subVersion, subresource.Kind);
        if (subType is null)
        {
            return;
        }

        var kind = Definition(subType);
        var gvk = Gvk(subresource.Group, subVersion, subresource.Kind);
        var suffix = string.Concat(subresource.Name.Split('-').Select(s => char.ToUpperInvariant(s[0]) + s[1..]));
        var verbs = subresource.Verbs.ToHashSet(StringComparer.Ordinal);
        var item = new JsonObject();
        if (verbs.Contains("get"))
        {
            item["get"] = Operation("get", "read" + id + scope + resource.Kind + suffix, "read " + subresource.Name + " of the specified " + resource.Kind,
                tag, gvk, [], null, kind);
        }

        if (verbs.Contains("create"))
        {
            item["post"] = Operation("post", "create" + id + scope + resource.Kind + suffix, "create " + subresource.Name + " of " + Article(resource.Kind),
                tag, gvk, [OpenApiParameters.DryRun, OpenApiParameters.FieldManager, OpenApiParameters.FieldValidation], kind, kind);
        }

        AddWrites(item, "replace" + id + scope + resource.Kind + suffix, "patch" + id + scope + resource.Kind + suffix,
            subresource.Name + " of the specified " + resource.Kind, tag, gvk, verbs, kind);
        if (item.Count > 0)
        {
            AddPath(paths, collection + "/{name}/" + subresource.Name, item, resource.Namespaced, withName: true);
        }
    }

    private void AddWrites(JsonObject item, string replaceId, string patchId, string what, string tag, JsonObject gvk, HashSet<string> verbs, string? kind)
    {
        if (verbs.Contains("update"))
        {
            item["put"] = Operation("put", replaceId, "replace " + (what.Contains(' ', StringComparison.Ordinal) ? what : "the specified " + what), tag, gvk,
                [OpenApiParameters.DryRun, OpenApiParameters.FieldManager, OpenApiParameters.FieldValidation], kind, kind);
        }

        if (verbs.Contains("patch"))
        {
            item["patch"] = Operation("patch", patchId, "partially update " + (what.Contains(' ', StringComparison.Ordinal) ? what : "the specified " + what),
                tag, gvk, [OpenApiParameters.DryRun, OpenApiParameters.FieldManager, OpenApiParameters.FieldValidation, OpenApiParameters.Force],
                "io.k8s.apimachinery.pkg.apis.meta.v1.Patch", kind, patch: true);
        }
    }

    private void AddPath(JsonObject paths, string path, JsonObject item, bool namespaced, bool withName)
    {
        if (item.Count == 0)
        {
            return;
        }

        var parameters = new JsonArray();
        if (withName)
        {
            parameters.Add(OpenApiParameters.Path("name", "name of the resource", openApi3));
        }

        if (namespaced)
        {
            parameters.Add(OpenApiParameters.Path("namespace", "object name and auth scope, such as for teams and projects", openApi3));
        }

        parameters.Add(OpenApiParameters.Pretty(openApi3));
        item["parameters"] = parameters;
        paths[path] = item;
    }

    private JsonObject Operation(string action, string operationId, string description, string tag, JsonObject gvk,
        IEnumerable<(string Name, string Type, string Description)> query, string? body, string? response, bool patch = false)
    {
        var operation = new JsonObject { ["description"] = description, ["operationId"] = operationId };
        var parameters = new JsonArray();
        foreach (var parameter in query)
        {
            parameters.Add(OpenApiParameters.Query(parameter, openApi3));
        }

        var responseSchema = response is null ? new JsonObject { ["type"] = "object" } : schemas.Ref(response);
        if (openApi3)
        {
            if (parameters.Count > 0)
            {
                operation["parameters"] = parameters;
            }

            if (body is not null)
            {
                var content = new JsonObject();
                foreach (var type in patch ? PatchTypes : ["*/*"])
                {
                    content[type] = new JsonObject { ["schema"] = schemas.Ref(body) };
                }

                operation["requestBody"] = new JsonObject { ["content"] = content, ["required"] = true };
            }

            var responseContent = new JsonObject();
            foreach (var type in Produces)
            {
                responseContent[type] = new JsonObject { ["schema"] = responseSchema.DeepClone() };
            }

            operation["responses"] = new JsonObject
            {
                ["200"] = new JsonObject { ["content"] = responseContent, ["description"] = "OK" },
                ["401"] = new JsonObject { ["description"] = "Unauthorized" },
            };
        }
        else
        {
            operation["consumes"] = new JsonArray([.. (patch ? PatchTypes : ["*/*"]).Select(t => JsonValue.Create(t))]);
            if (body is not null)
            {
                parameters.Insert(0, new JsonObject { ["in"] = "body", ["name"] = "body", ["required"] = true, ["schema"] = schemas.Ref(body) });
            }

            if (parameters.Count > 0)
            {
                operation["parameters"] = parameters;
            }

            operation["produces"] = new JsonArray([.. Produces.Select(t => JsonValue.Create(t))]);
            operation["responses"] = new JsonObject
            {
                ["200"] = new JsonObject { ["description"] = "OK", ["schema"] = responseSchema },
                ["401"] = new JsonObject { ["description"] = "Unauthorized" },
            };
            operation["schemes"] = new JsonArray("https");
        }

        operation["tags"] = new JsonArray(tag);
        operation["x-kubernetes-action"] = action;
        operation["x-kubernetes-group-version-kind"] = gvk.DeepClone();
        return operation;
    }

    private string? Definition(Type? type) => type is null ? null : schemas.Add(type);

    private static JsonObject Gvk(string group, string version, string kind) =>
        new() { ["group"] = group, ["kind"] = kind, ["version"] = version };

    /// <summary>The group-version part of operation ids: CoreV1, AppsV1, RbacAuthorizationV1, NetworkingV1.</summary>
    public static string GroupVersionId(string group, string version)
    {
        var name = group.Length == 0 ? "core" : group.Replace(".k8s.io", "", StringComparison.Ordinal);
        return string.Concat(name.Split('.').Select(Capitalize)) + Capitalize(version);
    }

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpper(s[0], CultureInfo.InvariantCulture) + s[1..];

    private static string Article(string kind) => ("AEIOU".Contains(kind[0], StringComparison.Ordinal) ? "an " : "a ") + kind;
}
