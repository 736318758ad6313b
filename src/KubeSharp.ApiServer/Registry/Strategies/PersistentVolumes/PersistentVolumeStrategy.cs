using System.Text.Json.Nodes;
using k8s.Models;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Objects;
using KubeSharp.Api.Validation;
using KubeSharp.ApiServer.Registry.Validation;

namespace KubeSharp.ApiServer.Registry.Strategies.PersistentVolumes;

/// <summary>
/// core/v1 PersistentVolume: SetDefaults_PersistentVolume, ValidatePersistentVolume(Update), and the registry's
/// status handling (a new volume starts Pending; a phase change stamps lastPhaseTransitionTime).
/// </summary>
internal sealed class PersistentVolumeStrategy(TimeProvider time) : ResourceStrategy
{
    public const string SourceImmutable = "spec.persistentvolumesource is immutable after creation";
    public const string MoreThanOneType = "may not specify more than 1 volume type";

    public static readonly PersistentVolumeStrategy Instance = new(TimeProvider.System);

    public static readonly string[] ReclaimPolicies = ["Delete", "Recycle", "Retain"];
    public static readonly string[] VolumeModes = ["Block", "Filesystem"];

    /// <summary>The volume source fields in upstream's checking order, with the path upstream names in "more than 1" errors.</summary>
    public static readonly (string Field, string ErrorName)[] Sources =
    [
        ("hostPath", "hostPath"), ("gcePersistentDisk", "gcePersistentDisk"), ("awsElasticBlockStore", "awsElasticBlockStore"),
        ("glusterfs", "glusterfs"), ("flocker", "flocker"), ("nfs", "nfs"), ("rbd", "rbd"), ("quobyte", "quobyte"), ("cephfs", "cephFS"),
        ("iscsi", "iscsi"), ("cinder", "cinder"), ("fc", "fc"), ("flexVolume", "flexVolume"), ("azureFile", "azureFile"),
        ("vsphereVolume", "vsphereVolume"), ("photonPersistentDisk", "photonPersistentDisk"), ("portworxVolume", "portworxVolume"),
        ("azureDisk", "azureDisk"), ("scaleIO", "scaleIO"), ("local", "local"), ("storageos", "storageos"), ("csi", "csi"),
    ];

    private static readonly FieldPath Spec = FieldPath.Root("spec");
    private static readonly string[] HostPathTypes = ["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"];

    public override void ApplyDefaults(JsonObject obj)
    {
        Read(obj);
        if (JsonFields.EnsureObj(obj, "spec") is { } spec)
        {
            JsonFields.DefaultString(spec, "persistentVolumeReclaimPolicy", "Retain");
            JsonFields.Default(spec, "volumeMode", "Filesystem");
            if (JsonFields.Obj(spec, "hostPath") is { } hostPath)
            {
                JsonFields.Default(hostPath, "type", "");
            }
        }

        if (JsonFields.Obj(obj, "status") is { } status)
        {
            JsonFields.DefaultString(status, "phase", "Pending");
        }
    }

    public override void PrepareForCreate(JsonObject obj) =>
        obj["status"] = new JsonObject { ["phase"] = "Pending", ["lastPhaseTransitionTime"] = Meta.FormatTime(time.GetUtcNow()) };

    /// <summary>A phase change without a new transition time from the client gets the current time (upstream's status strategy).</summary>
    public override void PrepareForUpdate(JsonObject obj, JsonObject old)
    {
        if (JsonFields.Obj(obj, "status") is not { } status)
        {
            return;
        }

        var oldStatus = JsonFields.Obj(old, "status");
        var samePhase = JsonFields.Str(status, "phase") == JsonFields.Str(oldStatus, "phase");
        if (samePhase && JsonFields.IsUnset(status, "lastPhaseTransitionTime") && oldStatus?["lastPhaseTransitionTime"] is { } previous)
        {
            status["lastPhaseTransitionTime"] = previous.DeepClone();
        }
        else if (!samePhase && (JsonFields.IsUnset(status, "lastPhaseTransitionTime") || JsonFields.SameField(status, oldStatus, "lastPhaseTransitionTime")))
        {
            status["lastPhaseTransitionTime"] = Meta.FormatTime(time.GetUtcNow());
        }
    }

    public override void Validate(JsonObject obj, List<FieldError> errors)
    {
        var typed = Read(obj).Spec ?? new V1PersistentVolumeSpec();
        var spec = JsonFields.Obj(obj, "spec") ?? [];
        AccessModes.Validate(typed.AccessModes, Spec.Child("accessModes"), "", errors);
        ValidateCapacity(JsonFields.Obj(spec, "capacity"), errors);

        var reclaim = typed.PersistentVolumeReclaimPolicy ?? "";
        if (reclaim.Length > 0 && !ReclaimPolicies.Contains(reclaim))
        {
            errors.Add(FieldError.NotSupported(Spec.Child("persistentVolumeReclaimPolicy"), reclaim, ReclaimPolicies));
        }

        var nodeAffinitySet = false;
        if (typed.NodeAffinity is { } nodeAffinity)
        {
            nodeAffinitySet = true;
            if (nodeAffinity.Required is { } required)
            {
                NodeSelectorValidator.Validate(required, Spec.Child("nodeAffinity").Child("required"), errors);
            }
            else
            {
                errors.Add(FieldError.Required(Spec.Child("nodeAffinity").Child("required"), "must specify required node constraints"));
            }
        }

        ValidateSources(spec, nodeAffinitySet, errors);
        if (typed.HostPath is { } hostPath && CleansToRoot(hostPath.Path ?? "") && reclaim == "Recycle")
        {
            errors.Add(FieldError.Forbidden(Spec.Child("persistentVolumeReclaimPolicy"), "may not be 'recycle' for a hostPath mount of '/'"));
        }

        if (!string.IsNullOrEmpty(typed.StorageClassName))
        {
            foreach (var msg in NameValidation.IsDns1123Subdomain(typed.StorageClassName))
            {
                errors.Add(FieldError.Invalid(Spec.Child("storageClassName"), typed.StorageClassName, msg));
            }
        }

        if (typed.VolumeMode is { } mode && !VolumeModes.Contains(mode))
        {
            errors.Add(FieldError.NotSupported(Spec.Child("volumeMode"), mode, VolumeModes));
        }

        if (typed.VolumeAttributesClassName is { } vac)
        {
            if (vac.Length == 0)
            {
                errors.Add(FieldError.Required(Spec.Child("volumeAttributesClassName"), "an empty string is disallowed"));
            }
            else
            {
                foreach (var msg in NameValidation.IsDns1123Subdomain(vac))
                {
                    errors.Add(FieldError.Invalid(Spec.Child("volumeAttributesClassName"), vac, msg));
                }
            }

            if (typed.Csi is null)
            {
                errors.Add(FieldError.Required(Spec.Child("csi"), "has to be specified when using volumeAttributesClassName"));
            }
        }
    }

    public override void ValidateUpdate(JsonObject obj, JsonObject old, List<FieldError> errors)
    {
        Validate(obj, errors);
        var spec = JsonFields.Obj(obj, "spec") ?? [];
        var oldSpec = JsonFields.Obj(old, "spec") ?? [];
        var newSource = SourceOf(spec);
        var oldSource = SourceOf(oldSpec);

        // A controller expansion secret may be added to a CSI volume that had none.
        if (JsonFields.Obj(oldSource, "csi") is { } oldCsi && JsonFields.IsUnset(oldCsi, "controllerExpandSecretRef")
            && JsonFields.Obj(newSource, "csi") is { } newCsi)
        {
            newCsi.Remove("controllerExpandSecretRef");
        }

        if (!JsonNode.DeepEquals(newSource, oldSource))
        {
            errors.Add(FieldError.Forbidden(Spec.Child("persistentvolumesource"),
                SourceImmutable + "\n" + SpecDiff.Describe("core.PersistentVolumeSource", oldSource, newSource)));
        }

        CommonValidation.ValidateImmutable(spec["volumeMode"], oldSpec["volumeMode"], FieldPath.Root("volumeMode"), errors);
        if (oldSpec["nodeAffinity"] is not null)
        {
            CommonValidation.ValidateImmutable(spec["nodeAffinity"], oldSpec["nodeAffinity"], FieldPath.Root("nodeAffinity"), errors);
        }

        if (oldSpec["volumeAttributesClassName"] is not null && spec["volumeAttributesClassName"] is null)
        {
            errors.Add(FieldError.Forbidden(Spec.Child("volumeAttributesClassName"), "update from non-nil value to nil is forbidden"));
        }
    }

    /// <summary>Upstream's path.Clean(p) == "/".</summary>
    public static bool CleansToRoot(string path)
    {
        if (!path.StartsWith('/'))
        {
            return false;
        }

        var depth = 0;
        foreach (var part in path.Split('/'))
        {
            depth = part switch
            {
                "" or "." => depth,
                ".." => Math.Max(0, depth - 1),
                _ => depth + 1,
            };
        }

        return depth == 0;
    }

    /// <summary>upstream's validatePathNoBacksteps.</summary>
    public static void ValidateNoBacksteps(string path, FieldPath fieldPath, List<FieldError> errors)
    {
        if (path.Replace('\\', '/').Split('/').Contains(".."))
        {
            errors.Add(FieldError.Invalid(fieldPath, path, "must not contain '..'"));
        }
    }

    private static void ValidateCapacity(JsonObject? capacity, List<FieldError> errors)
    {
        var path = Spec.Child("capacity");
        if (capacity is null or { Count: 0 })
        {
            errors.Add(FieldError.Required(path, ""));
        }

        if (capacity is null || !capacity.ContainsKey("storage") || capacity.Count > 1)
        {
            errors.Add(FieldError.NotSupported(path, capacity?.DeepClone(), ["storage"]));
        }

        foreach (var (name, value) in capacity ?? [])
        {
            if (StorageQuantity.Parse(value) is not null)
            {
                StorageQuantity.ValidateBasicAndPositive(value!, path.Key(name), errors);
            }
        }
    }

    private static void ValidateSources(JsonObject spec, bool nodeAffinitySet, List<FieldError> errors)
    {
        var count = 0;
        foreach (var (field, errorName) in Sources)
        {
            if (JsonFields.Obj(spec, field) is not { } source)
            {
                continue;
            }

            // Upstream counts flexVolume without checking for an earlier source.
            if (count > 0 && field != "flexVolume")
            {
                errors.Add(FieldError.Forbidden(Spec.Child(errorName), MoreThanOneType));
                continue;
            }

            count++;
            ValidateSource(field, source, errors);
            if (field == "local" && !nodeAffinitySet)
            {
                errors.Add(FieldError.Required(Spec.Child("nodeAffinity"), "Local volume requires node affinity"));
            }
        }

        if (count == 0)
        {
            errors.Add(FieldError.Required(Spec, "must specify a volume type"));
        }
    }

    private static void ValidateSource(string field, JsonObject source, List<FieldError> errors)
    {
        var path = Spec.Child(field);
        switch (field)
        {
            case "hostPath":
                var hostPath = JsonFields.Str(source, "path") ?? "";
                if (hostPath.Length == 0)
                {
                    errors.Add(FieldError.Required(path.Child("path"), ""));
                    return;
                }

                ValidateNoBacksteps(hostPath, path.Child("path"), errors);
                if (JsonFields.Str(source, "type") is { } type && !HostPathTypes.Contains(type))
                {
                    errors.Add(FieldError.NotSupported(path.Child("type"), type, HostPathTypes));
                }

                break;
            case "nfs":
                RequireStrings(source, path, errors, "server", "path");
                var nfsPath = JsonFields.Str(source, "path") ?? "";
                if (!nfsPath.StartsWith('/'))
                {
                    errors.Add(FieldError.Invalid(path.Child("path"), nfsPath, "must be an absolute path"));
                }

                break;
            case "local":
                var localPath = JsonFields.Str(source, "path") ?? "";
                if (localPath.Length == 0)
                {
                    errors.Add(FieldError.Required(path.Child("path"), ""));
                    return;
                }

                ValidateNoBacksteps(localPath, path.Child("path"), errors);
                break;
            case "csi":
                ValidateCsi(source, path, errors);
                break;
            case "gcePersistentDisk":
                // Upstream names this source "persistentDisk" in its errors.
                RequireStrings(source, Spec.Child("persistentDisk"), errors, "pdName");
                break;
            case "awsElasticBlockStore":
                RequireStrings(source, path, errors, "volumeID");
                break;
            case "glusterfs":
                RequireStrings(source, path, errors, "endpoints", "path");
                break;
            case "iscsi":
                RequireStrings(source, path, errors, "targetPortal", "iqn");
                break;
        }
    }

    private static void ValidateCsi(JsonObject csi, FieldPath path, List<FieldError> errors)
    {
        var driver = JsonFields.Str(csi, "driver") ?? "";
        var driverPath = path.Child("driver");
        if (driver.Length == 0)
        {
            errors.Add(FieldError.Required(driverPath, ""));
        }

        if (driver.Length > 63)
        {
            errors.Add(FieldError.TooLong(driverPath, driver, 63));
        }

        foreach (var msg in NameValidation.IsDns1123Subdomain(driver.ToLowerInvariant()))
        {
            errors.Add(FieldError.Invalid(driverPath, driver, msg));
        }

        RequireStrings(csi, path, errors, "volumeHandle");
        foreach (var secret in new[] { "controllerPublishSecretRef", "controllerExpandSecretRef", "nodePublishSecretRef", "nodeExpandSecretRef" })
        {
            if (JsonFields.Obj(csi, secret) is not { } secretRef)
            {
                continue;
            }

            var secretPath = path.Child(secret);
            var name = JsonFields.Str(secretRef, "name") ?? "";
            if (name.Length == 0)
            {
                errors.Add(FieldError.Required(secretPath.Child("name"), ""));
            }
            else
            {
                errors.AddRange(NameValidation.IsDns1123Subdomain(name).Select(m => FieldError.Invalid(secretPath.Child("name"), name, m)));
            }

            var ns = JsonFields.Str(secretRef, "namespace") ?? "";
            if (ns.Length == 0)
            {
                errors.Add(FieldError.Required(secretPath.Child("namespace"), ""));
            }
            else
            {
                errors.AddRange(NameValidation.IsDns1123Label(ns).Select(m => FieldError.Invalid(secretPath.Child("namespace"), ns, m)));
            }
        }
    }

    private static void RequireStrings(JsonObject source, FieldPath path, List<FieldError> errors, params string[] fields)
    {
        foreach (var field in fields.Where(f => string.IsNullOrEmpty(JsonFields.Str(source, f))))
        {
            errors.Add(FieldError.Required(path.Child(field), ""));
        }
    }

    /// <summary>The volume source fields that are set, as one object (upstream's embedded PersistentVolumeSource).</summary>
    private static JsonObject SourceOf(JsonObject spec)
    {
        var source = new JsonObject();
        foreach (var (field, _) in Sources)
        {
            if (spec[field] is { } value)
            {
                source[field] = value.DeepClone();
            }
        }

        return source;
    }

    private static V1PersistentVolume Read(JsonObject obj) => TypedObject.Read<V1PersistentVolume>(obj, "PersistentVolume");
}
