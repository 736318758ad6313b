using System.Text.Json.Nodes;
using k8s.Models;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Validation;
using KubeSharp.ApiServer.Registry.Validation;

namespace KubeSharp.ApiServer.Registry.Strategies.Ingresses;

/// <summary>
/// networking.k8s.io/v1 Ingress: upstream's ValidateIngressCreate / ValidateIngressUpdate. v1 has no defaults (pathType
/// is required). On update, values already stored that newer rules reject (TLS secret names, wildcard-host rules) are
/// still accepted, as upstream does for backward compatibility.
/// </summary>
internal sealed class IngressStrategy : ResourceStrategy
{
    public const string IngressClassAnnotation = "kubernetes.io/ingress.class";

    public static readonly IngressStrategy Instance = new();

    private static readonly FieldPath Spec = FieldPath.Root("spec");
    private static readonly string[] PathTypes = ["Exact", "ImplementationSpecific", "Prefix"];
    private static readonly string[] InvalidPathSequences = ["//", "/./", "/../", "%2f", "%2F"];
    private static readonly string[] InvalidPathSuffixes = ["/..", "/."];

    public override void ApplyDefaults(JsonObject obj) => Read(obj);

    public override void PrepareForCreate(JsonObject obj) => obj["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };

    public override void Validate(JsonObject obj, List<FieldError> errors)
    {
        var ingress = Read(obj);
        ValidateSpec(ingress.Spec ?? new V1IngressSpec(), obj, false, false, errors);
        if (ingress.Metadata?.Annotations is { } annotations && annotations.TryGetValue(IngressClassAnnotation, out var annotation)
            && ingress.Spec?.IngressClassName is { } className && annotation != className)
        {
            errors.Add(FieldError.Invalid(FieldPath.Root("annotations").Child(IngressClassAnnotation), annotation,
                "must match `ingressClassName` when both are specified"));
        }
    }

    public override void ValidateUpdate(JsonObject obj, JsonObject old, List<FieldError> errors)
    {
        var ingress = Read(obj);
        var oldSpec = Read(old).Spec ?? new V1IngressSpec();
        var allowInvalidSecretName = (oldSpec.Tls ?? []).Any(t => TlsSecretNameErrors(t.SecretName).Count > 0);
        var allowInvalidWildcardHostRule = (oldSpec.Rules ?? []).Any(r => (r.Host ?? "").Contains('*', StringComparison.Ordinal) && RuleValueErrors(r));
        ValidateSpec(ingress.Spec ?? new V1IngressSpec(), obj, allowInvalidSecretName, allowInvalidWildcardHostRule, errors);
    }

    private static V1Ingress Read(JsonObject obj) => TypedObject.Read<V1Ingress>(obj, "Ingress");

    private static void ValidateSpec(V1IngressSpec spec, JsonObject obj, bool allowInvalidSecretName, bool allowInvalidWildcardHostRule,
        List<FieldError> errors)
    {
        var rules = spec.Rules ?? [];
        if (rules.Count == 0 && spec.DefaultBackend is null)
        {
            errors.Add(FieldError.Invalid(Spec, JsonFields.Obj(obj, "spec")?["rules"]?.DeepClone(), "either `defaultBackend` or `rules` must be specified"));
        }

        if (spec.DefaultBackend is { } defaultBackend)
        {
            ValidateBackend(defaultBackend, Spec.Child("defaultBackend"), errors);
        }

        for (var i = 0; i < rules.Count; i++)
        {
            ValidateRule(rules[i], Spec.Child("rules").Index(i), allowInvalidWildcardHostRule, errors);
        }

        var tls = spec.Tls ?? [];
        for (var i = 0; i < tls.Count; i++)
        {
            var tlsPath = Spec.Child("tls").Index(i);
            var hosts = tls[i].Hosts ?? [];
            for (var h = 0; h < hosts.Count; h++)
            {
                foreach (var msg in HostNames.Check(hosts[h] ?? ""))
                {
                    errors.Add(FieldError.Invalid(tlsPath.Child("hosts").Index(h), hosts[h], msg));
                }
            }

            if (!allowInvalidSecretName)
            {
                foreach (var msg in TlsSecretNameErrors(tls[i].SecretName))
                {
                    errors.Add(FieldError.Invalid(tlsPath.Child("secretName"), tls[i].SecretName, msg));
                }
            }
        }

        if (spec.IngressClassName is { } className)
        {
            foreach (var msg in NameValidation.IsDns1123Subdomain(className))
            {
                errors.Add(FieldError.Invalid(Spec.Child("ingressClassName"), className, msg));
            }
        }
    }

    private static void ValidateRule(V1IngressRule rule, FieldPath path, bool allowInvalidWildcardHostRule, List<FieldError> errors)
    {
        var host = rule.Host ?? "";
        var wildcard = false;
        if (host.Length > 0)
        {
            if (NameValidation.IsIP(host))
            {
                errors.Add(FieldError.Invalid(path.Child("host"), host, "must be a DNS name, not an IP address"));
            }

            wildcard = host.Contains('*', StringComparison.Ordinal);
            foreach (var msg in HostNames.Check(host))
            {
                errors.Add(FieldError.Invalid(path.Child("host"), host, msg));
            }
        }

        if (!wildcard || !allowInvalidWildcardHostRule)
        {
            ValidateRuleValue(rule, path, errors);
        }
    }

    private static void ValidateRuleValue(V1IngressRule rule, FieldPath path, List<FieldError> errors)
    {
        if (rule.Http is not { } http)
        {
            return;
        }

        var httpPath = path.Child("http");
        var paths = http.Paths ?? [];
        if (paths.Count == 0)
        {
            errors.Add(FieldError.Required(httpPath.Child("paths"), ""));
        }

        for (var i = 0; i < paths.Count; i++)
        {
            ValidatePath(paths[i], httpPath.Child("paths").Index(i), errors);
        }
    }

    private static bool RuleValueErrors(V1IngressRule rule)
    {
        var errors = new List<FieldError>();
        ValidateRuleValue(rule, default, errors);
        return errors.Count > 0;
    }

    private static void ValidatePath(V1HTTPIngressPath path, FieldPath fieldPath, List<FieldError> errors)
    {
        if (path.PathType is not { } pathType)
        {
            errors.Add(FieldError.Required(fieldPath.Child("pathType"), "pathType must be specified"));
            return;
        }

        var value = path.Path ?? "";
        var pathField = fieldPath.Child("path");
        switch (pathType)
        {
            case "Exact" or "Prefix":
                if (!value.StartsWith('/'))
                {
                    errors.Add(FieldError.Invalid(pathField, value, "must be an absolute path"));
                }

                foreach (var seq in InvalidPathSequences.Where(s => value.Contains(s, StringComparison.Ordinal)))
                {
                    errors.Add(FieldError.Invalid(pathField, value, $"must not contain '{seq}'"));
                }

                foreach (var suffix in InvalidPathSuffixes.Where(s => value.EndsWith(s, StringComparison.Ordinal)))
                {
                    errors.Add(FieldError.Invalid(pathField, value, $"cannot end with '{suffix}'"));
                }

                break;
            case "ImplementationSpecific":
                if (value.Length > 0 && !value.StartsWith('/'))
                {
                    errors.Add(FieldError.Invalid(pathField, value, "must be an absolute path"));
                }

                break;
            default:
                errors.Add(FieldError.NotSupported(fieldPath.Child("pathType"), pathType, PathTypes));
                break;
        }

        ValidateBackend(path.Backend ?? new V1IngressBackend(), fieldPath.Child("backend"), errors);
    }

    /// <summary>upstream's validateIngressBackend: exactly one of service and resource; a service port by name or number.</summary>
    public static void ValidateBackend(V1IngressBackend backend, FieldPath path, List<FieldError> errors)
    {
        switch (backend)
        {
            case { Resource: not null, Service: not null }:
                errors.Add(FieldError.Invalid(path, "", "cannot set both resource and service backends"));
                return;
            case { Resource: { } resource }:
                ValidateResourceReference(resource, path.Child("resource"), errors);
                return;
            case { Service: { } service }:
                ValidateServiceBackend(service, path, errors);
                return;
            default:
                errors.Add(FieldError.Invalid(path, "", "resource or service backend is required"));
                return;
        }
    }

    private static void ValidateServiceBackend(V1IngressServiceBackend service, FieldPath path, List<FieldError> errors)
    {
        var servicePath = path.Child("service");
        if (string.IsNullOrEmpty(service.Name))
        {
            errors.Add(FieldError.Required(servicePath.Child("name"), ""));
        }
        else
        {
            foreach (var msg in NameValidation.IsDns1035Label(service.Name))
            {
                errors.Add(FieldError.Invalid(servicePath.Child("name"), service.Name, msg));
            }
        }

        var portName = service.Port?.Name ?? "";
        var portNumber = service.Port?.Number ?? 0;
        if (portName.Length > 0 && portNumber != 0)
        {
            errors.Add(FieldError.Invalid(path, "", "cannot set both port name & port number"));
        }
        else if (portName.Length > 0)
        {
            foreach (var msg in NameValidation.IsValidPortName(portName))
            {
                errors.Add(FieldError.Invalid(servicePath.Child("port").Child("name"), portName, msg));
            }
        }
        else if (portNumber != 0)
        {
            foreach (var msg in NameValidation.IsValidPortNum(portNumber))
            {
                errors.Add(FieldError.Invalid(servicePath.Child("port").Child("number"), portNumber, msg));
            }
        }
        else
        {
            errors.Add(FieldError.Required(path, "port name or number is required"));
        }
    }

    private static void ValidateResourceReference(V1TypedLocalObjectReference reference, FieldPath path, List<FieldError> errors)
    {
        if (reference.ApiGroup is { } group)
        {
            foreach (var msg in NameValidation.IsDns1123Subdomain(group))
            {
                errors.Add(FieldError.Invalid(path.Child("apiGroup"), group, msg));
            }
        }

        foreach (var (field, value) in new[] { ("kind", reference.Kind), ("name", reference.Name) })
        {
            if (string.IsNullOrEmpty(value))
            {
                errors.Add(FieldError.Required(path.Child(field), ""));
                continue;
            }

            foreach (var msg in NameValidation.IsValidPathSegmentName(value))
            {
                errors.Add(FieldError.Invalid(path.Child(field), value, msg));
            }
        }
    }

    private static IReadOnlyList<string> TlsSecretNameErrors(string? name) =>
        string.IsNullOrEmpty(name) ? [] : NameValidation.IsDns1123Subdomain(name);
}
