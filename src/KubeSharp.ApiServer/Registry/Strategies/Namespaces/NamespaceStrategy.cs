using System.Text.Json.Nodes;
using k8s.Models;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Validation;
using KubeSharp.ApiServer.Registry.Validation;

namespace KubeSharp.ApiServer.Registry.Strategies.Namespaces;

/// <summary>core/v1 Namespace: the kubernetes.io/metadata.name label, the "kubernetes" finalizer and Active phase on create.</summary>
internal sealed class NamespaceStrategy : ResourceStrategy
{
    public const string NameLabel = "kubernetes.io/metadata.name";

    public static readonly NamespaceStrategy Instance = new();

    private static readonly string[] StandardFinalizers = ["kubernetes", "orphan", "foregroundDeletion"];

    public override void ApplyDefaults(JsonObject obj)
    {
        TypedObject.Read<V1Namespace>(obj, "Namespace");
        SetNameLabel(obj);
    }

    public override void PrepareForCreate(JsonObject obj)
    {
        SetNameLabel(obj);
        obj["status"] = new JsonObject { ["phase"] = "Active" };
        if (JsonFields.EnsureObj(obj, "spec") is { } spec)
        {
            if (JsonFields.Arr(spec, "finalizers") is not { } finalizers)
            {
                finalizers = [];
                spec["finalizers"] = finalizers;
            }

            if (!finalizers.Any(f => f?.GetValue<string>() == "kubernetes"))
            {
                finalizers.Add("kubernetes");
            }
        }
    }

    /// <summary>Finalizers change only through the finalize subresource, so an update keeps the stored ones.</summary>
    public override void PrepareForUpdate(JsonObject obj, JsonObject old)
    {
        if (JsonFields.EnsureObj(obj, "spec") is { } spec)
        {
            if (JsonFields.Obj(old, "spec")?["finalizers"] is { } finalizers)
            {
                spec["finalizers"] = finalizers.DeepClone();
            }
            else
            {
                spec.Remove("finalizers");
            }
        }
    }

    public override void Validate(JsonObject obj, List<FieldError> errors)
    {
        var ns = TypedObject.Read<V1Namespace>(obj, "Namespace");
        var path = FieldPath.Root("spec").Child("finalizers");
        foreach (var f in ns.Spec?.Finalizers ?? [])
        {
            foreach (var msg in NameValidation.IsQualifiedName(f))
            {
                errors.Add(FieldError.Invalid(path, f, msg));
            }

            if (!f.Contains('/', StringComparison.Ordinal) && !StandardFinalizers.Contains(f))
            {
                errors.Add(FieldError.Invalid(path, f, "name is neither a standard finalizer name nor is it fully qualified"));
            }
        }
    }

    private static void SetNameLabel(JsonObject obj)
    {
        if (JsonFields.Obj(obj, "metadata") is { } meta && JsonFields.Str(meta, "name") is { Length: > 0 } name
            && JsonFields.EnsureObj(meta, "labels") is { } labels)
        {
            labels[NameLabel] = name;
        }
    }
}
