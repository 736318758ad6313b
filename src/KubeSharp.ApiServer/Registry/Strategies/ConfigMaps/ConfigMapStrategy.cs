using System.Text;
using System.Text.Json.Nodes;
using k8s.Models;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Validation;
using KubeSharp.ApiServer.Registry.Validation;

namespace KubeSharp.ApiServer.Registry.Strategies.ConfigMaps;

/// <summary>core/v1 ConfigMap: key names, the 1 MiB total, and data frozen once `immutable` is set.</summary>
internal sealed class ConfigMapStrategy : ResourceStrategy
{
    public const int MaxSize = 1024 * 1024;
    public const string ImmutableWhenSet = "field is immutable when `immutable` is set";

    public static readonly ConfigMapStrategy Instance = new();

    public override void ApplyDefaults(JsonObject obj) => TypedObject.Read<V1ConfigMap>(obj, "ConfigMap");

    public override void Validate(JsonObject obj, List<FieldError> errors)
    {
        var cm = TypedObject.Read<V1ConfigMap>(obj, "ConfigMap");
        var data = cm.Data ?? new Dictionary<string, string>();
        var binary = cm.BinaryData ?? new Dictionary<string, byte[]>();
        long total = 0;
        foreach (var (key, value) in data)
        {
            var path = FieldPath.Root("data").Key(key);
            foreach (var msg in NameValidation.IsConfigMapKey(key))
            {
                errors.Add(FieldError.Invalid(path, key, msg));
            }

            if (binary.ContainsKey(key))
            {
                errors.Add(FieldError.Invalid(path, key, "duplicate of key present in binaryData"));
            }

            total += Encoding.UTF8.GetByteCount(value ?? "");
        }

        foreach (var (key, value) in binary)
        {
            var path = FieldPath.Root("binaryData").Key(key);
            foreach (var msg in NameValidation.IsConfigMapKey(key))
            {
                errors.Add(FieldError.Invalid(path, key, msg));
            }

            if (data.ContainsKey(key))
            {
                errors.Add(FieldError.Invalid(path, key, "duplicate of key present in data"));
            }

            total += value?.Length ?? 0;
        }

        if (total > MaxSize)
        {
            errors.Add(FieldError.TooLong("", "", MaxSize));
        }
    }

    public override void ValidateUpdate(JsonObject obj, JsonObject old, List<FieldError> errors)
    {
        if (JsonFields.Bool(old, "immutable") == true)
        {
            if (JsonFields.Bool(obj, "immutable") != true)
            {
                errors.Add(FieldError.Forbidden("immutable", ImmutableWhenSet));
            }

            if (!SameMap(obj, old, "data"))
            {
                errors.Add(FieldError.Forbidden("data", ImmutableWhenSet));
            }

            if (!SameMap(obj, old, "binaryData"))
            {
                errors.Add(FieldError.Forbidden("binaryData", ImmutableWhenSet));
            }
        }

        Validate(obj, errors);
    }

    /// <summary>Map equality where an absent map and an empty one are alike.</summary>
    public static bool SameMap(JsonObject a, JsonObject b, string field) =>
        JsonNode.DeepEquals(JsonFields.Obj(a, field) ?? [], JsonFields.Obj(b, field) ?? []);
}
