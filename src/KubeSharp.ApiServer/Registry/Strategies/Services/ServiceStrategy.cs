using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Validation;
using KubeSharp.ApiServer.Registry.Strategies.Pods;
using KubeSharp.ApiServer.Registry.Validation;

namespace KubeSharp.ApiServer.Registry.Strategies.Services;

/// <summary>
/// core/v1 Service: SetDefaults_Service, ValidateService / ValidateServiceUpdate, and on update the allocated values
/// (clusterIP(s), IP families, node ports) carried over from the old object when the new one leaves them empty.
/// IP and node port allocation itself belongs to the registry.
/// </summary>
internal sealed class ServiceStrategy : ResourceStrategy
{
    public static readonly ServiceStrategy Instance = new();

    private static readonly FieldPath Spec = FieldPath.Root("spec");
    private static readonly string[] Types = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
    private static readonly string[] Affinities = ["ClientIP", "None"];
    private static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];
    private static readonly string[] TrafficPolicies = ["Cluster", "Local"];
    private static readonly string[] FamilyPolicies = ["PreferDualStack", "RequireDualStack", "SingleStack"];
    private static readonly string[] Families = ["IPv4", "IPv6"];

    public override void ApplyDefaults(JsonObject obj)
    {
        TypedObject.Read<V1Service>(obj, "Service");
        if (JsonFields.EnsureObj(obj, "spec") is not { } spec)
        {
            return;
        }

        JsonFields.DefaultString(spec, "sessionAffinity", "None");
        if (JsonFields.Str(spec, "sessionAffinity") == "None")
        {
            spec.Remove("sessionAffinityConfig");
        }
        else if (JsonFields.Str(spec, "sessionAffinity") == "ClientIP" && JsonFields.EnsureObj(spec, "sessionAffinityConfig") is { } config
                 && JsonFields.EnsureObj(config, "clientIP") is { } clientIp)
        {
            JsonFields.Default(clientIp, "timeoutSeconds", 10800);
        }

        JsonFields.DefaultString(spec, "type", "ClusterIP");
        foreach (var port in JsonFields.Objects(JsonFields.Arr(spec, "ports")))
        {
            JsonFields.DefaultString(port, "protocol", "TCP");
            var target = port["targetPort"];
            var unset = target is null || JsonFields.AsLong(target) == 0
                || (target.GetValueKind() == JsonValueKind.String && target.GetValue<string>().Length == 0);
            if (unset && port["port"] is { } p)
            {
                port["targetPort"] = p.DeepClone();
            }
        }

        var type = JsonFields.Str(spec, "type");
        if (ExternallyAccessible(spec))
        {
            JsonFields.DefaultString(spec, "externalTrafficPolicy", "Cluster");
        }

        if (type is "ClusterIP" or "NodePort" or "LoadBalancer")
        {
            JsonFields.Default(spec, "internalTrafficPolicy", "Cluster");
        }

        if (type == "LoadBalancer")
        {
            JsonFields.Default(spec, "allocateLoadBalancerNodePorts", true);
        }
    }

    /// <summary>IP family fields as a single-stack IPv4 cluster fills them (headless services without selector ask for both families).</summary>
    public override void PrepareForCreate(JsonObject obj)
    {
        obj["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
        if (JsonFields.Obj(obj, "spec") is not { } spec || JsonFields.Str(spec, "type") == "ExternalName")
        {
            return;
        }

        var headlessNoSelector = JsonFields.Str(spec, "clusterIP") == "None" && JsonFields.Obj(spec, "selector") is null or { Count: 0 };
        JsonFields.DefaultString(spec, "ipFamilyPolicy", headlessNoSelector ? "RequireDualStack" : "SingleStack");
        if (JsonFields.Arr(spec, "ipFamilies") is null or { Count: 0 })
        {
            var dual = headlessNoSelector && JsonFields.Str(spec, "ipFamilyPolicy") is "RequireDualStack" or "PreferDualStack";
            spec["ipFamilies"] = dual ? new JsonArray("IPv4", "IPv6") : new JsonArray(FirstFamily(spec));
        }
    }

    public override void PrepareForUpdate(JsonObject obj, JsonObject old)
    {
        if (JsonFields.EnsureObj(obj, "spec") is not { } spec || JsonFields.Obj(old, "spec") is not { } oldSpec)
        {
            return;
        }

        if (NeedsClusterIP(oldSpec) && NeedsClusterIP(spec))
        {
            if (string.IsNullOrEmpty(JsonFields.Str(spec, "clusterIP")) && oldSpec["clusterIP"] is { } ip)
            {
                spec["clusterIP"] = ip.DeepClone();
            }

            foreach (var field in new[] { "clusterIPs", "ipFamilies" })
            {
                if (JsonFields.Arr(spec, field) is null or { Count: 0 } && JsonFields.Arr(oldSpec, field) is { Count: > 0 } values)
                {
                    spec[field] = values.DeepClone();
                }
            }

            if (JsonFields.IsUnset(spec, "ipFamilyPolicy") && oldSpec["ipFamilyPolicy"] is { } policy)
            {
                spec["ipFamilyPolicy"] = policy.DeepClone();
            }
        }

        if (NeedsNodePorts(oldSpec) && NeedsNodePorts(spec))
        {
            var oldPorts = JsonFields.Objects(JsonFields.Arr(oldSpec, "ports")).ToList();
            var newPorts = JsonFields.Objects(JsonFields.Arr(spec, "ports")).ToList();
            var used = newPorts.Select(p => JsonFields.Long(p, "nodePort") ?? 0).Where(n => n != 0)
                .Intersect(oldPorts.Select(p => JsonFields.Long(p, "nodePort") ?? 0)).ToHashSet();
            var byName = new Dictionary<string, long>();
            foreach (var p in oldPorts)
            {
                byName[JsonFields.Str(p, "name") ?? ""] = JsonFields.Long(p, "nodePort") ?? 0;
            }

            foreach (var p in newPorts)
            {
                if (JsonFields.Long(p, "nodePort") is null or 0 && byName.TryGetValue(JsonFields.Str(p, "name") ?? "", out var oldValue)
                    && oldValue != 0 && !used.Contains(oldValue))
                {
                    p["nodePort"] = oldValue;
                }
            }
        }

        if (JsonFields.Str(spec, "type") == "LoadBalancer" && JsonFields.Str(spec, "externalTrafficPolicy") == "Local"
            && JsonFields.Long(spec, "healthCheckNodePort") is null or 0 && JsonFields.Long(oldSpec, "healthCheckNodePort") is { } hc and not 0)
        {
            spec["healthCheckNodePort"] = hc;
        }
    }

    public override void Validate(JsonObject obj, List<FieldError> errors)
    {
        var svc = TypedObject.Read<V1Service>(obj, "Service");
        var spec = svc.Spec ?? new V1ServiceSpec();
        var type = spec.Type ?? "";
        var headless = spec.ClusterIP == "None";
        var ports = spec.Ports ?? [];
        if (ports.Count == 0 && !headless && type != "ExternalName")
        {
            errors.Add(FieldError.Required(Spec.Child("ports"), ""));
        }

        if (string.IsNullOrEmpty(type))
        {
            errors.Add(FieldError.Required(Spec.Child("type"), ""));
        }
        else if (!Types.Contains(type))
        {
            errors.Add(FieldError.NotSupported(Spec.Child("type"), type, Types));
        }

        if (type == "ExternalName")
        {
            if (!string.IsNullOrEmpty(spec.ClusterIP))
            {
                errors.Add(FieldError.Forbidden(Spec.Child("clusterIP"), "may not be set for ExternalName services"));
            }

            if (string.IsNullOrEmpty(spec.ExternalName))
            {
                errors.Add(FieldError.Required(Spec.Child("externalName"), ""));
            }
            else
            {
                var clean = spec.ExternalName.TrimEnd('.');
                foreach (var msg in NameValidation.IsDns1123Subdomain(clean))
                {
                    errors.Add(FieldError.Invalid(Spec.Child("externalName"), clean, msg));
                }
            }
        }

        ValidatePorts(ports, type, errors);
        if (spec.Selector is { } selector)
        {
            ObjectMetaValidator.ValidateLabels(selector, Spec.Child("selector"), errors);
        }

        if (string.IsNullOrEmpty(spec.SessionAffinity))
        {
            errors.Add(FieldError.Required(Spec.Child("sessionAffinity"), ""));
        }
        else if (!Affinities.Contains(spec.SessionAffinity))
        {
            errors.Add(FieldError.NotSupported(Spec.Child("sessionAffinity"), spec.SessionAffinity, Affinities));
        }

        var clusterIPs = spec.ClusterIPs ?? (string.IsNullOrEmpty(spec.ClusterIP) ? [] : [spec.ClusterIP]);
        if (!string.IsNullOrEmpty(spec.ClusterIP) && clusterIPs.Count > 0 && clusterIPs[0] != spec.ClusterIP)
        {
            errors.Add(FieldError.Invalid(Spec.Child("clusterIPs"), JsonSerializer.SerializeToNode(clusterIPs), "first value must match `clusterIP`"));
        }

        for (var i = 0; i < clusterIPs.Count; i++)
        {
            if (clusterIPs[i] is "None" or "")
            {
                continue;
            }

            foreach (var msg in NameValidation.IsValidIP(clusterIPs[i]))
            {
                errors.Add(FieldError.Invalid(Spec.Child("clusterIPs").Index(i), clusterIPs[i], msg));
            }
        }

        for (var i = 0; i < (spec.ExternalIPs?.Count ?? 0); i++)
        {
            foreach (var msg in NameValidation.IsValidIP(spec.ExternalIPs![i]))
            {
                errors.Add(FieldError.Invalid(Spec.Child("externalIPs").Index(i), spec.ExternalIPs[i], msg));
            }
        }

        ValidateTrafficPolicies(spec, type, errors);
        if (spec.IpFamilyPolicy is { } familyPolicy && !FamilyPolicies.Contains(familyPolicy))
        {
            errors.Add(FieldError.NotSupported(Spec.Child("ipFamilyPolicy"), familyPolicy, FamilyPolicies));
        }

        for (var i = 0; i < (spec.IpFamilies?.Count ?? 0); i++)
        {
            if (!Families.Contains(spec.IpFamilies![i]))
            {
                errors.Add(FieldError.NotSupported(Spec.Child("ipFamilies").Index(i), spec.IpFamilies[i], Families));
            }
        }

        if (type == "LoadBalancer" && spec.AllocateLoadBalancerNodePorts is null)
        {
            errors.Add(FieldError.Required(Spec.Child("allocateLoadBalancerNodePorts"), ""));
        }
        else if (type != "LoadBalancer" && spec.AllocateLoadBalancerNodePorts is not null)
        {
            errors.Add(FieldError.Forbidden(Spec.Child("allocateLoadBalancerNodePorts"), "may only be used when `type` is 'LoadBalancer'"));
        }

        for (var i = 0; i < (spec.LoadBalancerSourceRanges?.Count ?? 0); i++)
        {
            foreach (var msg in NameValidation.IsValidCidr(spec.LoadBalancerSourceRanges![i].Trim()))
            {
                errors.Add(FieldError.Invalid(Spec.Child("loadBalancerSourceRanges").Index(i), spec.LoadBalancerSourceRanges[i], msg));
            }
        }
    }

    public override void ValidateUpdate(JsonObject obj, JsonObject old, List<FieldError> errors)
    {
        Validate(obj, errors);
        var spec = JsonFields.Obj(obj, "spec") ?? [];
        var oldSpec = JsonFields.Obj(old, "spec") ?? [];
        if (NeedsClusterIP(oldSpec) && NeedsClusterIP(spec))
        {
            var oldIp = JsonFields.Str(oldSpec, "clusterIP") ?? "";
            var newIp = JsonFields.Str(spec, "clusterIP") ?? "";
            if (oldIp.Length > 0 && newIp != oldIp)
            {
                errors.Add(FieldError.Invalid(Spec.Child("clusterIP"), newIp, CommonValidation.FieldImmutable));
            }
        }
    }

    private static void ValidatePorts(IList<V1ServicePort> ports, string type, List<FieldError> errors)
    {
        var names = new HashSet<string>();
        var portKeys = new HashSet<(int, string)>();
        var nodePortKeys = new HashSet<(int, string)>();
        for (var i = 0; i < ports.Count; i++)
        {
            var p = ports[i];
            var idx = Spec.Child("ports").Index(i);
            if (ports.Count > 1 && string.IsNullOrEmpty(p.Name))
            {
                errors.Add(FieldError.Required(idx.Child("name"), ""));
            }
            else if (!string.IsNullOrEmpty(p.Name))
            {
                foreach (var msg in NameValidation.IsDns1123Label(p.Name))
                {
                    errors.Add(FieldError.Invalid(idx.Child("name"), p.Name, msg));
                }

                if (!names.Add(p.Name))
                {
                    errors.Add(FieldError.Duplicate(idx.Child("name"), p.Name));
                }
            }

            foreach (var msg in NameValidation.IsValidPortNum(p.Port))
            {
                errors.Add(FieldError.Invalid(idx.Child("port"), p.Port, msg));
            }

            if (string.IsNullOrEmpty(p.Protocol))
            {
                errors.Add(FieldError.Required(idx.Child("protocol"), ""));
            }
            else if (!Protocols.Contains(p.Protocol))
            {
                errors.Add(FieldError.NotSupported(idx.Child("protocol"), p.Protocol, Protocols));
            }

            PodSpecValidator.ValidatePortNumOrName(p.TargetPort, idx.Child("targetPort"), errors);
            if (!portKeys.Add((p.Port, p.Protocol ?? "")))
            {
                errors.Add(FieldError.Duplicate(idx, new JsonObject { ["port"] = p.Port, ["protocol"] = p.Protocol }));
            }

            if (p.NodePort is { } np and not 0)
            {
                if (type == "ClusterIP")
                {
                    errors.Add(FieldError.Forbidden(idx.Child("nodePort"), "may not be used when `type` is 'ClusterIP'"));
                }

                foreach (var msg in NameValidation.IsValidPortNum(np))
                {
                    errors.Add(FieldError.Invalid(idx.Child("nodePort"), np, msg));
                }

                if (!nodePortKeys.Add((np, p.Protocol ?? "")))
                {
                    errors.Add(FieldError.Duplicate(idx.Child("nodePort"), np));
                }
            }
        }
    }

    private static void ValidateTrafficPolicies(V1ServiceSpec spec, string type, List<FieldError> errors)
    {
        var accessible = type is "LoadBalancer" or "NodePort" || (type == "ClusterIP" && spec.ExternalIPs is { Count: > 0 });
        var external = spec.ExternalTrafficPolicy ?? "";
        if (accessible)
        {
            if (external.Length == 0)
            {
                errors.Add(FieldError.Required(Spec.Child("externalTrafficPolicy"), ""));
            }
            else if (!TrafficPolicies.Contains(external))
            {
                errors.Add(FieldError.NotSupported(Spec.Child("externalTrafficPolicy"), external, TrafficPolicies));
            }
        }
        else if (external.Length > 0)
        {
            errors.Add(FieldError.Invalid(Spec.Child("externalTrafficPolicy"), external, "may only be set for externally-accessible services"));
        }

        if (type != "ExternalName")
        {
            if (spec.InternalTrafficPolicy is null)
            {
                errors.Add(FieldError.Required(Spec.Child("internalTrafficPolicy"), ""));
            }
            else if (!TrafficPolicies.Contains(spec.InternalTrafficPolicy))
            {
                errors.Add(FieldError.NotSupported(Spec.Child("internalTrafficPolicy"), spec.InternalTrafficPolicy, TrafficPolicies));
            }
        }
    }

    private static bool ExternallyAccessible(JsonObject spec) => JsonFields.Str(spec, "type") switch
    {
        "LoadBalancer" or "NodePort" => true,
        "ClusterIP" => JsonFields.Arr(spec, "externalIPs") is { Count: > 0 },
        _ => false,
    };

    private static bool NeedsClusterIP(JsonObject spec) => JsonFields.Str(spec, "type") is not "ExternalName";

    private static bool NeedsNodePorts(JsonObject spec) => JsonFields.Str(spec, "type") switch
    {
        "NodePort" => true,
        "LoadBalancer" => JsonFields.Bool(spec, "allocateLoadBalancerNodePorts") != false,
        _ => false,
    };

    private static string FirstFamily(JsonObject spec)
    {
        var first = JsonFields.Arr(spec, "clusterIPs")?.FirstOrDefault()?.GetValue<string>() ?? JsonFields.Str(spec, "clusterIP") ?? "";
        return first.Contains(':', StringComparison.Ordinal) ? "IPv6" : "IPv4";
    }
}
