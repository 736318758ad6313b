using System.Net;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Validation;
using KubeSharp.ApiServer.Registry.Validation;

namespace KubeSharp.ApiServer.Registry.Strategies.Nodes;

/// <summary>
/// core/v1 Node (upstream's node strategy and ValidateNode/ValidateNodeUpdate): spec.podCIDR and spec.podCIDRs kept in
/// step as v1 conversion keeps them, each a valid CIDR and at most one per IP family; taints with a qualified key, a
/// supported effect and unique key/effect pairs; podCIDRs and providerID set once and then immutable.
/// </summary>
internal sealed class NodeStrategy : ResourceStrategy
{
    public static readonly NodeStrategy Instance = new();

    private static readonly string[] TaintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

    public override void ApplyDefaults(JsonObject obj)
    {
        if (JsonFields.Obj(obj, "spec") is not { } spec)
        {
            return;
        }

        var cidrs = JsonFields.Arr(spec, "podCIDRs");
        if (cidrs is { Count: > 0 } && cidrs[0] is JsonValue first && first.TryGetValue<string>(out var primary))
        {
            spec["podCIDR"] = primary;
        }
        else if (JsonFields.Str(spec, "podCIDR") is { Length: > 0 } single)
        {
            spec["podCIDRs"] = new JsonArray(single);
        }
    }

    public override void Validate(JsonObject obj, List<FieldError> errors)
    {
        var spec = JsonFields.Obj(obj, "spec");
        var cidrsPath = FieldPath.Root("spec").Child("podCIDRs");
        var cidrs = JsonFields.Arr(spec, "podCIDRs") ?? [];
        var families = new HashSet<System.Net.Sockets.AddressFamily>();
        var familyRepeated = false;
        for (var i = 0; i < cidrs.Count; i++)
        {
            var text = cidrs[i] is JsonValue v && v.TryGetValue<string>(out var s) ? s : cidrs[i]?.ToJsonString() ?? "";
            if (!IPNetwork.TryParse(text, out var network) || network.BaseAddress.ToString() + "/" + network.PrefixLength != text)
            {
                errors.Add(FieldError.Invalid(cidrsPath.Index(i), text, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"));
            }
            else
            {
                familyRepeated |= !families.Add(network.BaseAddress.AddressFamily);
            }
        }

        // One error for the list, as upstream's dual-stack check: at most one CIDR per family, so at most two.
        if (familyRepeated || cidrs.Count > 2)
        {
            errors.Add(FieldError.Invalid(cidrsPath, string.Join(",", cidrs.Select(c => c?.ToString())), "may specify no more than one CIDR for each IP family"));
        }

        var taintsPath = FieldPath.Root("spec").Child("taints");
        var seen = new HashSet<(string, string)>();
        var taints = JsonFields.Arr(spec, "taints") ?? [];
        for (var i = 0; i < taints.Count; i++)
        {
            var taint = taints[i] as JsonObject;
            var key = JsonFields.Str(taint, "key") ?? "";
            var effect = JsonFields.Str(taint, "effect") ?? "";
            foreach (var message in NameValidation.IsQualifiedName(key))
            {
                errors.Add(FieldError.Invalid(taintsPath.Index(i).Child("key"), key, message));
            }

            if (effect.Length == 0)
            {
                errors.Add(FieldError.Required(taintsPath.Index(i).Child("effect")));
            }
            else if (!TaintEffects.Contains(effect))
            {
                errors.Add(FieldError.NotSupported(taintsPath.Index(i).Child("effect"), effect, TaintEffects));
            }

            if (!seen.Add((key, effect)))
            {
                errors.Add(FieldError.Duplicate(taintsPath.Index(i), new JsonObject { ["key"] = key, ["effect"] = effect }.ToJsonString())
                    with { Detail = "taints must be unique by key and effect pair" });
            }
        }
    }

    public override void ValidateUpdate(JsonObject obj, JsonObject old, List<FieldError> errors)
    {
        Validate(obj, errors);
        var oldSpec = JsonFields.Obj(old, "spec");
        var spec = JsonFields.Obj(obj, "spec");
        var oldCidrs = (JsonFields.Arr(oldSpec, "podCIDRs") ?? []).Select(c => c?.ToString() ?? "").ToList();
        var newCidrs = (JsonFields.Arr(spec, "podCIDRs") ?? []).Select(c => c?.ToString() ?? "").ToList();
        if (oldCidrs.Count > 0 && !oldCidrs.SequenceEqual(newCidrs))
        {
            errors.Add(FieldError.Forbidden(FieldPath.Root("spec").Child("podCIDRs"), "node updates may not change podCIDR except from \"\" to valid"));
        }

        if (JsonFields.Str(oldSpec, "providerID") is { Length: > 0 } providerId && JsonFields.Str(spec, "providerID") != providerId)
        {
            errors.Add(FieldError.Forbidden(FieldPath.Root("spec").Child("providerID"), "node updates may not change providerID except from \"\" to valid"));
        }
    }
}
