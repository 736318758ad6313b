using System.Text.Json.Nodes;
using k8s.Models;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Registry.Validation;

namespace KubeSharp.ApiServer.Registry.Strategies.Pods;

/// <summary>upstream's pod strategy: defaults, Pending status with QoS class on create, and the narrow set of mutable spec fields.</summary>
internal sealed class PodStrategy : ResourceStrategy
{
    public const string UpdateForbidden =
        "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
        + "`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    public static readonly PodStrategy Instance = new();

    private static readonly FieldPath Spec = FieldPath.Root("spec");
    private static readonly string[] StatusOnly = ["apiVersion", "kind", "status"];

    public override void ApplyDefaults(JsonObject obj)
    {
        TypedObject.Read<V1Pod>(obj, "Pod");
        PodSpecDefaults.ApplyToPod(obj);
    }

    public override void PrepareForCreate(JsonObject obj)
    {
        var pod = TypedObject.Read<V1Pod>(obj, "Pod");
        var status = new JsonObject { ["phase"] = "Pending", ["qosClass"] = PodQos.Compute(pod.Spec) };
        if (pod.Spec?.SchedulingGates is { Count: > 0 })
        {
            status["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "PodScheduled",
                ["status"] = "False",
                ["lastProbeTime"] = null,
                ["lastTransitionTime"] = null,
                ["reason"] = "SchedulingGated",
                ["message"] = "Scheduling is blocked due to non-empty scheduling gates",
            });
        }

        obj["status"] = status;
    }

    public override void Validate(JsonObject obj, List<FieldError> errors)
    {
        var pod = TypedObject.Read<V1Pod>(obj, "Pod");
        PodSpecValidator.Validate(pod.Spec, Spec, errors);
    }

    public override void ValidateUpdate(JsonObject obj, JsonObject old, List<FieldError> errors)
    {
        Validate(obj, errors);
        var spec = JsonFields.Obj(obj, "spec") ?? [];
        var oldSpec = JsonFields.Obj(old, "spec") ?? [];
        foreach (var list in new[] { "containers", "initContainers" })
        {
            if ((JsonFields.Arr(spec, list)?.Count ?? 0) != (JsonFields.Arr(oldSpec, list)?.Count ?? 0))
            {
                errors.Add(FieldError.Forbidden(Spec.Child(list), "pod updates may not add or remove containers"));
                return;
            }
        }

        var oldDeadline = JsonFields.Long(oldSpec, "activeDeadlineSeconds");
        var newDeadline = JsonFields.Long(spec, "activeDeadlineSeconds");
        if (oldDeadline is { } od)
        {
            if (newDeadline is null)
            {
                errors.Add(FieldError.Invalid(Spec.Child("activeDeadlineSeconds"), null, "must not update from a positive integer to nil value"));
            }
            else if (newDeadline > od)
            {
                errors.Add(FieldError.Invalid(Spec.Child("activeDeadlineSeconds"), newDeadline.Value, "must be less than or equal to previous value"));
            }
        }

        // Compare the spec with the mutable fields taken from the old object: anything left that differs is forbidden.
        var munged = (JsonObject)spec.DeepClone();
        foreach (var list in new[] { "containers", "initContainers" })
        {
            var oldList = JsonFields.Arr(oldSpec, list);
            var newList = JsonFields.Arr(munged, list);
            for (var i = 0; i < (newList?.Count ?? 0); i++)
            {
                if (newList![i] is JsonObject c && oldList![i] is JsonObject oc)
                {
                    c["image"] = oc["image"]?.DeepClone();
                }
            }
        }

        munged["activeDeadlineSeconds"] = oldSpec["activeDeadlineSeconds"]?.DeepClone();
        if (JsonFields.Long(oldSpec, "terminationGracePeriodSeconds") is < 0 && JsonFields.Long(spec, "terminationGracePeriodSeconds") == 1)
        {
            munged["terminationGracePeriodSeconds"] = oldSpec["terminationGracePeriodSeconds"]?.DeepClone();
        }

        var oldTolerations = JsonFields.Arr(oldSpec, "tolerations") ?? [];
        var newTolerations = JsonFields.Arr(spec, "tolerations") ?? [];
        if (oldTolerations.All(t => newTolerations.Any(n => JsonNode.DeepEquals(t, n))))
        {
            munged["tolerations"] = oldSpec["tolerations"]?.DeepClone();
        }

        // Scheduling gates may only be removed (upstream validates additions separately).
        var oldGates = JsonFields.Arr(oldSpec, "schedulingGates") ?? [];
        if ((JsonFields.Arr(spec, "schedulingGates") ?? []).All(g => oldGates.Any(o => JsonNode.DeepEquals(g, o))))
        {
            munged["schedulingGates"] = oldSpec["schedulingGates"]?.DeepClone();
        }

        if (!Equivalent(munged, oldSpec))
        {
            errors.Add(FieldError.Forbidden(Spec, UpdateForbidden));
        }
    }

    /// <summary>
    /// Upstream's pod status strategy validates metadata and status, not the spec (a status write cannot change it, and a
    /// stored pod's spec is not judged again by newer rules); the typed read still rejects status fields of the wrong JSON
    /// type. Only the status can differ from the stored pod, so only it is read.
    /// </summary>
    public override void ValidateStatusUpdate(JsonObject obj, JsonObject old, List<FieldError> errors) =>
        TypedObject.Read<V1Pod>(obj, "Pod", StatusOnly);

    /// <summary>Deep equality where an absent field equals an explicit null.</summary>
    private static bool Equivalent(JsonObject a, JsonObject b) =>
        a.Select(kv => kv.Key).Union(b.Select(kv => kv.Key)).All(k => JsonNode.DeepEquals(a[k], b[k]));
}
