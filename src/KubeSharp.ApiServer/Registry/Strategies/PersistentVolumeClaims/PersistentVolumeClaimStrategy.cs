using System.Text.Json.Nodes;
using k8s.Models;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Validation;
using KubeSharp.ApiServer.Registry.Strategies.PersistentVolumes;
using KubeSharp.ApiServer.Registry.Validation;

namespace KubeSharp.ApiServer.Registry.Strategies.PersistentVolumeClaims;

/// <summary>
/// core/v1 PersistentVolumeClaim: SetDefaults_PersistentVolumeClaim(Spec), ValidatePersistentVolumeClaim(Update).
/// The spec is frozen after creation except that volumeName may be set once (binding), a bound claim's storage request
/// may grow, and the storage class may move from the beta annotation (or from nothing) to the field.
/// </summary>
internal sealed class PersistentVolumeClaimStrategy : ResourceStrategy
{
    public const string BetaStorageClassAnnotation = "volume.beta.kubernetes.io/storage-class";
    public const string SpecImmutable = "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims";

    public static readonly PersistentVolumeClaimStrategy Instance = new();

    private static readonly FieldPath Spec = FieldPath.Root("spec");

    public override void ApplyDefaults(JsonObject obj)
    {
        Read(obj);
        if (JsonFields.EnsureObj(obj, "spec") is { } spec)
        {
            JsonFields.Default(spec, "volumeMode", "Filesystem");
        }

        if (JsonFields.Obj(obj, "status") is { } status)
        {
            JsonFields.DefaultString(status, "phase", "Pending");
        }
    }

    public override void PrepareForCreate(JsonObject obj) => obj["status"] = new JsonObject { ["phase"] = "Pending" };

    public override void Validate(JsonObject obj, List<FieldError> errors)
    {
        var spec = Read(obj).Spec ?? new V1PersistentVolumeClaimSpec();
        AccessModes.Validate(spec.AccessModes, Spec.Child("accessModes"), "at least 1 access mode is required", errors);
        if (spec.Selector is { } selector)
        {
            LabelSelectorValidator.Validate(selector, Spec.Child("selector"), errors);
        }

        // Upstream reports the storage request at "spec.resources[storage]".
        var storagePath = Spec.Child("resources").Key("storage");
        var requests = JsonFields.Obj(JsonFields.Obj(JsonFields.Obj(obj, "spec"), "resources"), "requests");
        if (requests?["storage"] is not { } storage || StorageQuantity.Parse(storage) is null)
        {
            errors.Add(FieldError.Required(storagePath, ""));
        }
        else
        {
            StorageQuantity.ValidatePositive(storage, storagePath, errors);
        }

        if (!string.IsNullOrEmpty(spec.StorageClassName))
        {
            foreach (var msg in NameValidation.IsDns1123Subdomain(spec.StorageClassName))
            {
                errors.Add(FieldError.Invalid(Spec.Child("storageClassName"), spec.StorageClassName, msg));
            }
        }

        if (spec.VolumeMode is { } mode && !PersistentVolumeStrategy.VolumeModes.Contains(mode))
        {
            errors.Add(FieldError.NotSupported(Spec.Child("volumeMode"), mode, PersistentVolumeStrategy.VolumeModes));
        }

        ValidateDataSources(spec, errors);
        if (!string.IsNullOrEmpty(spec.VolumeAttributesClassName))
        {
            foreach (var msg in NameValidation.IsDns1123Subdomain(spec.VolumeAttributesClassName))
            {
                errors.Add(FieldError.Invalid(Spec.Child("volumeAttributesClassName"), spec.VolumeAttributesClassName, msg));
            }
        }
    }

    public override void ValidateUpdate(JsonObject obj, JsonObject old, List<FieldError> errors)
    {
        Validate(obj, errors);
        var spec = JsonFields.Obj(obj, "spec") ?? [];
        var oldSpec = JsonFields.Obj(old, "spec") ?? [];
        var newClone = Normalized(spec);
        var oldClone = Normalized(oldSpec);

        // The volume controller binds a claim by setting volumeName once.
        if (string.IsNullOrEmpty(JsonFields.Str(oldSpec, "volumeName")))
        {
            CopyField(newClone, oldClone, "volumeName");
        }

        var oldAnnotations = Annotations(old);
        var newAnnotations = Annotations(obj);
        if (UpgradeFromAnnotation(oldAnnotations, newAnnotations, oldSpec, spec))
        {
            newClone.Remove("storageClassName");
        }
        else
        {
            newAnnotations.TryGetValue(BetaStorageClassAnnotation, out var newClass);
            oldAnnotations.TryGetValue(BetaStorageClassAnnotation, out var oldClass);
            if ((newClass ?? "") != (oldClass ?? ""))
            {
                errors.Add(FieldError.Invalid(FieldPath.Root("metadata").Child("annotations").Child(BetaStorageClassAnnotation), newClass ?? "",
                    CommonValidation.FieldImmutable));
            }

            if (spec["storageClassName"] is not null && oldSpec["storageClassName"] is null
                && (oldClass is null || JsonFields.Str(spec, "storageClassName") == oldClass))
            {
                CopyField(oldClone, newClone, "storageClassName");
            }
        }

        var bound = JsonFields.Str(JsonFields.Obj(obj, "status"), "phase") == "Bound";
        if (bound && JsonFields.Obj(JsonFields.Obj(newClone, "resources"), "requests") is { } cloneRequests)
        {
            var oldStorage = JsonFields.Obj(JsonFields.Obj(oldClone, "resources"), "requests")?["storage"];
            if (oldStorage is null)
            {
                cloneRequests.Remove("storage");
            }
            else
            {
                cloneRequests["storage"] = oldStorage.DeepClone();
            }
        }

        CopyField(oldClone, newClone, "volumeAttributesClassName");
        if (!JsonNode.DeepEquals(newClone, oldClone))
        {
            errors.Add(FieldError.Forbidden(Spec, SpecImmutable + "\n" + SpecDiff.Describe("core.PersistentVolumeClaimSpec", oldClone, newClone)));
        }

        var newSize = StorageQuantity.Value(RequestedStorage(spec));
        var oldSize = StorageQuantity.Value(RequestedStorage(oldSpec));
        var statusSize = StorageQuantity.Value(JsonFields.Obj(JsonFields.Obj(old, "status"), "capacity")?["storage"]);
        if (newSize < oldSize && newSize <= statusSize)
        {
            // RecoverVolumeExpansionFailure (GA) lets a failed expansion be undone down to, but not below, the actual capacity.
            errors.Add(FieldError.Forbidden(Spec.Child("resources").Child("requests").Child("storage"), "field can not be less than status.capacity"));
        }

        CommonValidation.ValidateImmutable(spec["volumeMode"], oldSpec["volumeMode"], FieldPath.Root("volumeMode"), errors);
        if (oldSpec["volumeAttributesClassName"] is not null)
        {
            if (spec["volumeAttributesClassName"] is null)
            {
                errors.Add(FieldError.Forbidden(Spec.Child("volumeAttributesClassName"), "update from non-nil value to nil is forbidden"));
            }
            else if (JsonFields.Str(spec, "volumeAttributesClassName") == "")
            {
                errors.Add(FieldError.Forbidden(Spec.Child("volumeAttributesClassName"), "update from non-nil value to an empty string is forbidden"));
            }
        }
    }

    private static void ValidateDataSources(V1PersistentVolumeClaimSpec spec, List<FieldError> errors)
    {
        if (spec.DataSource is { } source)
        {
            ValidateDataSource(source.Name, source.Kind, source.ApiGroup, Spec.Child("dataSource"), errors);
        }

        if (spec.DataSourceRef is { } reference)
        {
            var path = Spec.Child("dataSourceRef");
            ValidateDataSource(reference.Name, reference.Kind, reference.ApiGroup, path, errors);
            if (!string.IsNullOrEmpty(reference.NamespaceProperty))
            {
                foreach (var msg in NameValidation.IsDns1123Label(reference.NamespaceProperty))
                {
                    errors.Add(FieldError.Invalid(path.Child("namespace"), reference.NamespaceProperty, msg));
                }
            }
        }

        if (!string.IsNullOrEmpty(spec.DataSourceRef?.NamespaceProperty))
        {
            if (spec.DataSource is not null)
            {
                errors.Add(FieldError.Invalid(Spec, "spec.dataSource", "may not be specified when dataSourceRef.namespace is specified"));
            }
        }
        else if (spec is { DataSource: { } ds, DataSourceRef: { } dsr } && (ds.ApiGroup != dsr.ApiGroup || ds.Kind != dsr.Kind || ds.Name != dsr.Name))
        {
            errors.Add(FieldError.Invalid(Spec, "spec.dataSource", "must match dataSourceRef"));
        }
    }

    private static void ValidateDataSource(string? name, string? kind, string? apiGroup, FieldPath path, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(name))
        {
            errors.Add(FieldError.Required(path.Child("name"), ""));
        }

        if (string.IsNullOrEmpty(kind))
        {
            errors.Add(FieldError.Required(path.Child("kind"), ""));
        }

        if (string.IsNullOrEmpty(apiGroup) && kind != "PersistentVolumeClaim")
        {
            errors.Add(FieldError.Invalid(path, kind ?? "", "must be 'PersistentVolumeClaim' when referencing the default apiGroup"));
        }

        if (!string.IsNullOrEmpty(apiGroup))
        {
            foreach (var msg in NameValidation.IsDns1123Subdomain(apiGroup))
            {
                errors.Add(FieldError.Invalid(path.Child("apiGroup"), apiGroup, msg));
            }
        }
    }

    /// <summary>Upstream's validateStorageClassUpgradeFromAnnotation: the beta annotation's class may move into the field.</summary>
    private static bool UpgradeFromAnnotation(Dictionary<string, string> oldAnnotations, Dictionary<string, string> newAnnotations, JsonObject oldSpec,
        JsonObject spec) =>
        oldAnnotations.TryGetValue(BetaStorageClassAnnotation, out var oldClass)
        && oldSpec["storageClassName"] is null
        && JsonFields.Str(spec, "storageClassName") == oldClass
        && (!newAnnotations.TryGetValue(BetaStorageClassAnnotation, out var newClass) || newClass == oldClass);

    private static JsonNode? RequestedStorage(JsonObject spec) => JsonFields.Obj(JsonFields.Obj(spec, "resources"), "requests")?["storage"];

    private static Dictionary<string, string> Annotations(JsonObject obj) =>
        JsonFields.StringMap(JsonFields.Obj(obj, "metadata"), "annotations").ToDictionary(kv => kv.Key, kv => kv.Value);

    /// <summary>A copy of the spec with quantities in canonical form, so "1Gi" and "1024Mi" compare equal as upstream's semantic equality does.</summary>
    private static JsonObject Normalized(JsonObject spec)
    {
        var copy = spec.DeepClone().AsObject();
        foreach (var list in new[] { "requests", "limits" })
        {
            if (JsonFields.Obj(JsonFields.Obj(copy, "resources"), list) is { } quantities)
            {
                foreach (var key in quantities.Select(kv => kv.Key).ToList())
                {
                    if (quantities[key] is { } q && StorageQuantity.Parse(q) is not null)
                    {
                        quantities[key] = StorageQuantity.Canonical(q);
                    }
                }
            }
        }

        return copy;
    }

    private static void CopyField(JsonObject from, JsonObject to, string field)
    {
        if (from[field] is { } value)
        {
            to[field] = value.DeepClone();
        }
        else
        {
            to.Remove(field);
        }
    }

    private static V1PersistentVolumeClaim Read(JsonObject obj) => TypedObject.Read<V1PersistentVolumeClaim>(obj, "PersistentVolumeClaim");
}
