using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Registry.Validation;

/// <summary>
/// Upstream's ValidateObjectMeta / ValidateObjectMetaUpdate (apimachinery/pkg/api/validation/objectmeta.go) with the
/// per-resource name rules of pkg/apis/*/validation.
/// </summary>
internal static class ObjectMetaValidator
{
    public const int TotalAnnotationSizeLimitBytes = 256 * 1024;

    private const string FieldImmutable = "field is immutable";

    private static readonly FieldPath Meta = FieldPath.Root("metadata");

    public static void Validate(JsonObject obj, ResourceInfo resource, List<FieldError> errors)
    {
        if (!ReadMeta(obj, errors, out var meta))
        {
            return;
        }

        var nameRule = NameRule(resource);
        var name = StringField(meta, "name", errors) ?? "";
        var generateName = StringField(meta, "generateName", errors) ?? "";
        if (generateName.Length > 0)
        {
            foreach (var msg in nameRule(generateName, true))
            {
                errors.Add(FieldError.Invalid(Meta.Child("generateName"), generateName, msg));
            }
        }

        if (name.Length == 0)
        {
            if (generateName.Length == 0)
            {
                errors.Add(FieldError.Required(Meta.Child("name"), "name or generateName is required"));
            }
        }
        else
        {
            foreach (var msg in nameRule(name, false))
            {
                errors.Add(FieldError.Invalid(Meta.Child("name"), name, msg));
            }
        }

        var ns = StringField(meta, "namespace", errors) ?? "";
        if (resource.Namespaced)
        {
            if (ns.Length == 0)
            {
                errors.Add(FieldError.Required(Meta.Child("namespace"), ""));
            }
            else
            {
                foreach (var msg in NameValidation.IsDns1123Label(ns))
                {
                    errors.Add(FieldError.Invalid(Meta.Child("namespace"), ns, msg));
                }
            }
        }
        else if (ns.Length > 0)
        {
            errors.Add(FieldError.Forbidden(Meta.Child("namespace"), "not allowed on this type"));
        }

        ValidateCommon(meta, errors);
    }

    public static void ValidateUpdate(JsonObject obj, JsonObject old, ResourceInfo resource, List<FieldError> errors)
    {
        if (!ReadMeta(obj, errors, out var meta))
        {
            return;
        }

        var oldMeta = JsonFields.Obj(old, "metadata") ?? [];
        foreach (var field in new[] { "name", "namespace", "uid", "creationTimestamp" })
        {
            if (!JsonFields.SameField(meta, oldMeta, field))
            {
                errors.Add(FieldError.Invalid(Meta.Child(field), meta[field]?.DeepClone() ?? (object)"", FieldImmutable));
            }
        }

        ValidateCommon(meta, errors);
    }

    /// <summary>Metadata name rule for a resource, as upstream's per-kind ValidateXName; prefix is true for generateName.</summary>
    public static Func<string, bool, IReadOnlyList<string>> NameRule(ResourceInfo resource) => (resource.Group, resource.Plural) switch
    {
        ("", "namespaces") => (n, p) => NameValidation.IsDns1123Label(Mask(n, p)),
        ("", "services") => (n, p) => NameValidation.IsDns1035Label(Mask(n, p)),
        ("apps", "statefulsets") => (n, p) => NameValidation.IsDns1123Label(Mask(n, p)),
        ("rbac.authorization.k8s.io", _) or ("certificates.k8s.io", "certificatesigningrequests") => PathSegment,
        _ => (n, p) => NameValidation.IsDns1123Subdomain(Mask(n, p)),
    };

    /// <summary>A generateName may end in '-' since a suffix follows (upstream's maskTrailingDash).</summary>
    private static string Mask(string name, bool prefix) =>
        prefix && name.Length > 1 && name[^1] == '-' ? name[..^2] + "a" : name;

    private static IReadOnlyList<string> PathSegment(string name, bool prefix) =>
        prefix ? NameValidation.IsValidPathSegmentName(name).Where(m => m.StartsWith("may not contain", StringComparison.Ordinal)).ToList()
            : NameValidation.IsValidPathSegmentName(name);

    private static bool ReadMeta(JsonObject obj, List<FieldError> errors, out JsonObject meta)
    {
        switch (obj["metadata"])
        {
            case JsonObject m:
                meta = m;
                return true;
            case null:
                meta = [];
                errors.Add(FieldError.Required(Meta.Child("name"), "name or generateName is required"));
                return false;
            default:
                meta = [];
                errors.Add(FieldError.TypeInvalid(Meta, obj["metadata"]!.DeepClone(), "must be of type object"));
                return false;
        }
    }

    private static string? StringField(JsonObject meta, string field, List<FieldError> errors)
    {
        var node = meta[field];
        if (node is null)
        {
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            errors.Add(FieldError.TypeInvalid(Meta.Child(field), node.DeepClone(), "must be of type string"));
            return null;
        }

        return node.GetValue<string>();
    }

    private static void ValidateCommon(JsonObject meta, List<FieldError> errors)
    {
        if (meta["generation"] is { } gen)
        {
            if (gen.GetValueKind() != JsonValueKind.Number || KubeSharp.Api.Objects.Meta.Long(gen) is not { } g)
            {
                errors.Add(FieldError.TypeInvalid(Meta.Child("generation"), gen.DeepClone(), "must be of type integer"));
            }
            else if (g < 0)
            {
                errors.Add(FieldError.Invalid(Meta.Child("generation"), g, "must be greater than or equal to 0"));
            }
        }

        if (StringMapField(meta, "labels", errors) is { } labels)
        {
            ValidateLabels(labels, Meta.Child("labels"), errors);
        }

        if (StringMapField(meta, "annotations", errors) is { } annotations)
        {
            ValidateAnnotations(annotations, Meta.Child("annotations"), errors);
        }

        ValidateOwnerReferences(meta["ownerReferences"], errors);
        ValidateFinalizers(meta["finalizers"], errors);
    }

    /// <summary>upstream's ValidateLabels: key errors and value errors are both reported at the map's path.</summary>
    public static void ValidateLabels(IEnumerable<KeyValuePair<string, string>> labels, FieldPath path, List<FieldError> errors)
    {
        foreach (var (k, v) in labels)
        {
            foreach (var msg in NameValidation.IsQualifiedName(k))
            {
                errors.Add(FieldError.Invalid(path, k, msg));
            }

            foreach (var msg in NameValidation.IsValidLabelValue(v))
            {
                errors.Add(FieldError.Invalid(path, v, msg));
            }
        }
    }

    public static void ValidateAnnotations(IEnumerable<KeyValuePair<string, string>> annotations, FieldPath path, List<FieldError> errors)
    {
        long total = 0;
        foreach (var (k, v) in annotations)
        {
            foreach (var msg in NameValidation.IsQualifiedName(k.ToLowerInvariant()))
            {
                errors.Add(FieldError.Invalid(path, k, msg));
            }

            total += Encoding.UTF8.GetByteCount(k) + Encoding.UTF8.GetByteCount(v);
        }

        if (total > TotalAnnotationSizeLimitBytes)
        {
            errors.Add(FieldError.TooLong(path, "", TotalAnnotationSizeLimitBytes));
        }
    }

    private static List<KeyValuePair<string, string>>? StringMapField(JsonObject meta, string field, List<FieldError> errors)
    {
        var node = meta[field];
        if (node is null)
        {
            return null;
        }

        if (node is not JsonObject map)
        {
            errors.Add(FieldError.TypeInvalid(Meta.Child(field), node.DeepClone(), "must be of type object"));
            return null;
        }

        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var (k, v) in map)
        {
            if (v is JsonValue sv && sv.GetValueKind() == JsonValueKind.String)
            {
                pairs.Add(new(k, sv.GetValue<string>()));
            }
            else
            {
                errors.Add(FieldError.TypeInvalid(Meta.Child(field).Key(k), v?.DeepClone(), "must be of type string"));
            }
        }

        return pairs;
    }

    private static void ValidateOwnerReferences(JsonNode? node, List<FieldError> errors)
    {
        var path = Meta.Child("ownerReferences");
        if (node is null)
        {
            return;
        }

        if (node is not JsonArray refs)
        {
            errors.Add(FieldError.TypeInvalid(path, node.DeepClone(), "must be of type array"));
            return;
        }

        var controllers = new List<string>();
        foreach (var item in refs)
        {
            if (item is not JsonObject r)
            {
                errors.Add(FieldError.TypeInvalid(path, item?.DeepClone(), "must be of type object"));
                continue;
            }

            var apiVersion = JsonFields.Str(r, "apiVersion") ?? "";
            var version = apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[(apiVersion.IndexOf('/', StringComparison.Ordinal) + 1)..] : apiVersion;
            var kind = JsonFields.Str(r, "kind") ?? "";
            var name = JsonFields.Str(r, "name") ?? "";
            var uid = JsonFields.Str(r, "uid") ?? "";
            if (version.Length == 0)
            {
                errors.Add(FieldError.Invalid(path.Child("apiVersion"), apiVersion, "version must not be empty"));
            }

            if (kind.Length == 0)
            {
                errors.Add(FieldError.Invalid(path.Child("kind"), kind, "kind must not be empty"));
            }

            if (name.Length == 0)
            {
                errors.Add(FieldError.Invalid(path.Child("name"), name, "name must not be empty"));
            }

            if (uid.Length == 0)
            {
                errors.Add(FieldError.Invalid(path.Child("uid"), uid, "uid must not be empty"));
            }

            if (JsonFields.Bool(r, "controller") == true)
            {
                controllers.Add(kind + "/" + name);
            }
        }

        if (controllers.Count > 1)
        {
            errors.Add(FieldError.Invalid(path, refs.DeepClone(),
                "Only one reference can have Controller set to true. Found \"true\" in references for " + string.Join(" and ", controllers)));
        }
    }

    private static void ValidateFinalizers(JsonNode? node, List<FieldError> errors)
    {
        var path = Meta.Child("finalizers");
        if (node is null)
        {
            return;
        }

        if (node is not JsonArray finalizers)
        {
            errors.Add(FieldError.TypeInvalid(path, node.DeepClone(), "must be of type array"));
            return;
        }

        var values = new List<string>();
        foreach (var f in finalizers)
        {
            if (f is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            {
                var s = v.GetValue<string>();
                values.Add(s);
                foreach (var msg in NameValidation.IsQualifiedName(s))
                {
                    errors.Add(FieldError.Invalid(path, s, msg));
                }
            }
            else
            {
                errors.Add(FieldError.TypeInvalid(path, f?.DeepClone(), "must be of type string"));
            }
        }

        if (values.Contains("orphan") && values.Contains("foregroundDeletion"))
        {
            errors.Add(FieldError.Invalid(path, finalizers.DeepClone(), "finalizer orphan and foregroundDeletion cannot be both set"));
        }
    }
}
