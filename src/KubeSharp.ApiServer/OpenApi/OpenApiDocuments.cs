using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using KubeSharp.ApiServer.Registry;

namespace KubeSharp.ApiServer.OpenApi;

/// <summary>
/// The /openapi/v2 (Swagger 2.0) and /openapi/v3 (OpenAPI 3.0, one document per group-version) documents of the served resources,
/// with schemas generated from the KubernetesClient models. Each document is built once, on first use, and serialized once;
/// the returned <see cref="JsonObject"/>s are shared and must not be modified.
/// </summary>
internal sealed class OpenApiDocuments
{
    private const string KubernetesVersion = "v1.33.0";

    private readonly IReadOnlyList<ResourceInfo> _resources;
    private readonly ModelTypes _types = new();
    private readonly ModelDocumentation _docs = ModelDocumentation.Shared;
    private readonly Lazy<SerializedDocument> _v2;
    private readonly Lazy<byte[]> _v2Protobuf;
    private readonly Dictionary<string, Lazy<SerializedDocument>> _v3 = new(StringComparer.Ordinal);
    private readonly Lazy<JsonObject> _v3Index;

    public OpenApiDocuments(IReadOnlyList<ResourceInfo> resources)
    {
        _resources = resources;

        // Nested model classes take the Go package of the first kind that reaches them, so core kinds claim first.
        foreach (var resource in resources.OrderBy(r => r.Group.Length == 0 ? 0 : 1))
        {
            foreach (var version in resource.Versions)
            {
                if (_types.Kind(resource.Group, version, resource.Kind) is { } type)
                {
                    _types.Claim(type);
                }
            }
        }

        _v2 = new Lazy<SerializedDocument>(() => Serialize(BuildV2()));
        _v2Protobuf = new Lazy<byte[]>(() => GnosticV2Encoder.Encode(_v2.Value.Document));
        foreach (var (group, version) in GroupVersions(resources))
        {
            _v3[PathOf(group, version)] = new Lazy<SerializedDocument>(() => Serialize(BuildV3(group, version)));
        }

        _v3Index = new Lazy<JsonObject>(BuildV3Index);
    }

    /// <summary>The group-version paths of /openapi/v3: "api/v1", "apis/apps/v1", ...</summary>
    public IReadOnlyCollection<string> V3Paths => _v3.Keys;

    public JsonObject V2() => _v2.Value.Document;

    public ReadOnlyMemory<byte> V2Json() => _v2.Value.Json;

    /// <summary>The v2 document as gnostic's openapi_v2.Document protobuf (what kubectl asks for), encoded once.</summary>
    public ReadOnlyMemory<byte> V2Protobuf() => _v2Protobuf.Value;

    /// <summary>The uppercase hex SHA-512 of the v2 JSON, upstream's ETag for both of its encodings.</summary>
    public string V2Hash() => _v2.Value.Hash;

    public JsonObject V3Index() => _v3Index.Value;

    public JsonObject? V3(string groupVersionPath) => _v3.TryGetValue(groupVersionPath.Trim('/'), out var built) ? built.Value.Document : null;

    public ReadOnlyMemory<byte>? V3Json(string groupVersionPath) =>
        _v3.TryGetValue(groupVersionPath.Trim('/'), out var built) ? built.Value.Json : null;

    /// <summary>The uppercase hex SHA-512 of the serialized document, as upstream's ?hash= (kubectl caches documents by it).</summary>
    public string V3Hash(string groupVersionPath) => _v3.TryGetValue(groupVersionPath.Trim('/'), out var built)
        ? built.Value.Hash
        : throw new KeyNotFoundException("no OpenAPI v3 document for " + groupVersionPath);

    public static string PathOf(string group, string version) => group.Length == 0 ? "api/" + version : "apis/" + group + "/" + version;

    private static IEnumerable<(string Group, string Version)> GroupVersions(IReadOnlyList<ResourceInfo> resources)
    {
        var order = BuiltInResources.GroupOrder.Select((g, i) => (g, i)).ToDictionary(x => x.g, x => x.i, StringComparer.Ordinal);
        return resources
            .SelectMany(r => r.Versions.Select(v => (r.Group, Version: v)))
            .Distinct()
            .OrderBy(gv => order.GetValueOrDefault(gv.Group, int.MaxValue))
            .ThenBy(gv => gv.Group, StringComparer.Ordinal);
    }

    private JsonObject BuildV2()
    {
        var schemas = NewSchemas(openApi3: false);
        var paths = new JsonObject();
        var builder = new OpenApiPaths(schemas, _types, openApi3: false);
        foreach (var resource in _resources)
        {
            foreach (var version in resource.Versions)
            {
                builder.Add(paths, resource, version);
            }
        }

        return new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = Info(),
            ["paths"] = paths,
            ["definitions"] = Sorted(schemas.Definitions),
            ["securityDefinitions"] = new JsonObject { ["BearerToken"] = BearerToken() },
            ["security"] = new JsonArray(new JsonObject { ["BearerToken"] = new JsonArray() }),
        };
    }

    private JsonObject BuildV3(string group, string version)
    {
        var schemas = NewSchemas(openApi3: true);
        var paths = new JsonObject();
        var builder = new OpenApiPaths(schemas, _types, openApi3: true);
        foreach (var resource in _resources.Where(r => r.Group == group && r.Versions.Contains(version)))
        {
            builder.Add(paths, resource, version);
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = Info(),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = Sorted(schemas.Definitions),
                ["securitySchemes"] = new JsonObject { ["BearerToken"] = BearerToken() },
            },
        };
    }

    private JsonObject BuildV3Index()
    {
        var paths = new JsonObject();
        foreach (var path in _v3.Keys)
        {
            paths[path] = new JsonObject { ["serverRelativeURL"] = "/openapi/v3/" + path + "?hash=" + V3Hash(path) };
        }

        return new JsonObject { ["paths"] = paths };
    }

    private SchemaBuilder NewSchemas(bool openApi3)
    {
        var schemas = new SchemaBuilder(_types, _docs, openApi3);
        schemas.Add(typeof(V1DeleteOptions));
        schemas.Add(typeof(V1Status));
        schemas.AddScalar("io.k8s.apimachinery.pkg.apis.meta.v1.Patch", new JsonObject
        {
            ["description"] = "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.",
            ["type"] = "object",
        });
        return schemas;
    }

    private static JsonObject Info() => new() { ["title"] = "Kubernetes", ["version"] = KubernetesVersion };

    private static JsonObject BearerToken() =>
        new() { ["description"] = "Bearer Token authentication", ["in"] = "header", ["name"] = "authorization", ["type"] = "apiKey" };

    private static JsonObject Sorted(JsonObject definitions)
    {
        var sorted = new JsonObject();
        foreach (var name in definitions.Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList())
        {
            var value = definitions[name];
            definitions.Remove(name);
            sorted[name] = value;
        }

        return sorted;
    }

    private static SerializedDocument Serialize(JsonObject document)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(document);
        return new SerializedDocument(document, json, Convert.ToHexString(SHA512.HashData(json)));
    }
}
