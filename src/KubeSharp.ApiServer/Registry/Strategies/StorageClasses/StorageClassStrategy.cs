using System.Text;
using System.Text.Json.Nodes;
using k8s.Models;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Validation;
using KubeSharp.ApiServer.Registry.Validation;

namespace KubeSharp.ApiServer.Registry.Strategies.StorageClasses;

/// <summary>storage.k8s.io/v1 StorageClass: SetDefaults_StorageClass and ValidateStorageClass(Update).</summary>
internal sealed class StorageClassStrategy : ResourceStrategy
{
    public const int MaxParameters = 512;
    public const int MaxParameterBytes = 256 * 1024;

    public static readonly StorageClassStrategy Instance = new();

    private static readonly string[] ReclaimPolicies = ["Delete", "Retain"];
    private static readonly string[] BindingModes = ["Immediate", "WaitForFirstConsumer"];

    public override void ApplyDefaults(JsonObject obj)
    {
        Read(obj);
        JsonFields.Default(obj, "reclaimPolicy", "Delete");
        JsonFields.Default(obj, "volumeBindingMode", "Immediate");
    }

    public override void Validate(JsonObject obj, List<FieldError> errors)
    {
        var sc = Read(obj);
        var provisioner = sc.Provisioner ?? "";
        if (provisioner.Length == 0)
        {
            errors.Add(FieldError.Required("provisioner", ""));
        }
        else
        {
            var lower = provisioner.ToLowerInvariant();
            foreach (var msg in NameValidation.IsQualifiedName(lower))
            {
                errors.Add(FieldError.Invalid("provisioner", lower, msg));
            }
        }

        ValidateParameters(sc.Parameters ?? new Dictionary<string, string>(), errors);
        if (sc.ReclaimPolicy is { Length: > 0 } reclaim && !ReclaimPolicies.Contains(reclaim))
        {
            errors.Add(FieldError.NotSupported("reclaimPolicy", reclaim, ReclaimPolicies));
        }

        if (sc.VolumeBindingMode is not { } mode)
        {
            errors.Add(FieldError.Required("volumeBindingMode", ""));
        }
        else if (!BindingModes.Contains(mode))
        {
            errors.Add(FieldError.NotSupported("volumeBindingMode", mode, BindingModes));
        }

        ValidateAllowedTopologies(sc.AllowedTopologies ?? [], errors);
    }

    public override void ValidateUpdate(JsonObject obj, JsonObject old, List<FieldError> errors)
    {
        Validate(obj, errors);
        if (!JsonNode.DeepEquals(NonEmpty(obj["parameters"]), NonEmpty(old["parameters"])))
        {
            errors.Add(FieldError.Forbidden("parameters", "updates to parameters are forbidden."));
        }

        if ((JsonFields.Str(obj, "provisioner") ?? "") != (JsonFields.Str(old, "provisioner") ?? ""))
        {
            errors.Add(FieldError.Forbidden("provisioner", "updates to provisioner are forbidden."));
        }

        if ((JsonFields.Str(obj, "reclaimPolicy") ?? "") != (JsonFields.Str(old, "reclaimPolicy") ?? ""))
        {
            errors.Add(FieldError.Forbidden("reclaimPolicy", "updates to reclaimPolicy are forbidden."));
        }

        CommonValidation.ValidateImmutable(obj["volumeBindingMode"], old["volumeBindingMode"], FieldPath.Root("volumeBindingMode"), errors);
    }

    private static void ValidateParameters(IDictionary<string, string> parameters, List<FieldError> errors)
    {
        if (parameters.Count > MaxParameters)
        {
            errors.Add(FieldError.TooLong("parameters", "", MaxParameters));
            return;
        }

        long total = 0;
        foreach (var (k, v) in parameters)
        {
            if (k.Length == 0)
            {
                errors.Add(FieldError.Invalid("parameters", k, "field can not be empty."));
            }

            total += Encoding.UTF8.GetByteCount(k) + Encoding.UTF8.GetByteCount(v ?? "");
        }

        if (total > MaxParameterBytes)
        {
            errors.Add(FieldError.TooLong("parameters", "", MaxParameterBytes));
        }
    }

    /// <summary>Each term's label expressions: qualified keys, at least one value, no duplicate keys or values, no duplicate terms.</summary>
    private static void ValidateAllowedTopologies(IList<V1TopologySelectorTerm> terms, List<FieldError> errors)
    {
        var seen = new List<string>();
        for (var i = 0; i < terms.Count; i++)
        {
            var termPath = FieldPath.Root("allowedTopologies").Index(i);
            var keys = new HashSet<string>();
            var canonical = new SortedDictionary<string, string>(StringComparer.Ordinal);
            var expressions = terms[i]?.MatchLabelExpressions ?? [];
            for (var j = 0; j < expressions.Count; j++)
            {
                var exprPath = termPath.Child("matchLabelExpressions").Index(j);
                var key = expressions[j].Key ?? "";
                foreach (var msg in NameValidation.IsQualifiedName(key))
                {
                    errors.Add(FieldError.Invalid(exprPath.Child("key"), key, msg));
                }

                var values = expressions[j].Values ?? [];
                if (values.Count == 0)
                {
                    errors.Add(FieldError.Required(exprPath.Child("values"), "must specify as least one value"));
                }

                var distinct = new HashSet<string>();
                for (var k = 0; k < values.Count; k++)
                {
                    if (!distinct.Add(values[k] ?? ""))
                    {
                        errors.Add(FieldError.Duplicate(exprPath.Child("values").Index(k), values[k]));
                    }
                }

                if (!keys.Add(key))
                {
                    errors.Add(FieldError.Duplicate(exprPath.Child("key"), key));
                }

                canonical[key] = string.Join(",", distinct.Order(StringComparer.Ordinal));
            }

            var signature = string.Join(";", canonical.Select(kv => kv.Key + "=" + kv.Value));
            if (seen.Contains(signature))
            {
                errors.Add(FieldError.Duplicate(termPath.Child("matchLabelExpressions"), ""));
            }

            seen.Add(signature);
        }
    }

    /// <summary>An empty parameters map equals an absent one, as upstream's reflect.DeepEqual sees them after decoding.</summary>
    private static JsonNode? NonEmpty(JsonNode? node) => node is JsonObject { Count: 0 } ? null : node;

    private static V1StorageClass Read(JsonObject obj) => TypedObject.Read<V1StorageClass>(obj, "StorageClass");
}
