using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s.Models;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Validation;
using KubeSharp.ApiServer.Registry.Validation;

namespace KubeSharp.ApiServer.Registry.Strategies.IngressClasses;

/// <summary>networking.k8s.io/v1 IngressClass: SetDefaults_IngressClass and ValidateIngressClass(Update); the controller is immutable.</summary>
internal sealed partial class IngressClassStrategy : ResourceStrategy
{
    public const int MaxControllerLength = 250;

    public static readonly IngressClassStrategy Instance = new();

    private const string HttpPathFmt = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";

    private static readonly FieldPath Spec = FieldPath.Root("spec");
    private static readonly string[] Scopes = ["Cluster", "Namespace"];

    [GeneratedRegex("^" + HttpPathFmt + "$")]
    private static partial Regex HttpPathRegex();

    public override void ApplyDefaults(JsonObject obj)
    {
        Read(obj);
        if (JsonFields.Obj(JsonFields.Obj(obj, "spec"), "parameters") is { } parameters)
        {
            JsonFields.Default(parameters, "scope", "Cluster");
        }
    }

    public override void Validate(JsonObject obj, List<FieldError> errors)
    {
        var spec = Read(obj).Spec ?? new V1IngressClassSpec();
        var controller = spec.Controller ?? "";
        var controllerPath = Spec.Child("controller");
        if (controller.Length == 0)
        {
            errors.Add(FieldError.Required(controllerPath, ""));
        }
        else
        {
            if (controller.Length > MaxControllerLength)
            {
                errors.Add(FieldError.TooLong(controllerPath, "", MaxControllerLength));
            }

            ValidateDomainPrefixedPath(controller, controllerPath, errors);
        }

        if (spec.Parameters is { } parameters)
        {
            ValidateParameters(parameters, Spec.Child("parameters"), errors);
        }
    }

    public override void ValidateUpdate(JsonObject obj, JsonObject old, List<FieldError> errors)
    {
        var controller = JsonFields.Obj(obj, "spec")?["controller"];
        CommonValidation.ValidateImmutable(controller, JsonFields.Obj(old, "spec")?["controller"], Spec.Child("controller"), errors);
        Validate(obj, errors);
    }

    /// <summary>upstream's IsDomainPrefixedPath (e.g. "acme.io/foo").</summary>
    public static void ValidateDomainPrefixedPath(string value, FieldPath path, List<FieldError> errors)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == value.Length - 1)
        {
            errors.Add(FieldError.Invalid(path, value, "must be a domain-prefixed path (such as \"acme.io/foo\")"));
            return;
        }

        var host = value[..slash];
        foreach (var msg in NameValidation.IsDns1123Subdomain(host))
        {
            errors.Add(FieldError.Invalid(path, host, msg));
        }

        var rest = value[(slash + 1)..];
        if (!HttpPathRegex().IsMatch(rest))
        {
            errors.Add(FieldError.Invalid(path, rest, NameValidation.RegexError("Invalid path", HttpPathFmt)));
        }
    }

    private static void ValidateParameters(V1IngressClassParametersReference parameters, FieldPath path, List<FieldError> errors)
    {
        if (parameters.ApiGroup is { } group)
        {
            foreach (var msg in NameValidation.IsDns1123Subdomain(group))
            {
                errors.Add(FieldError.Invalid(path.Child("apiGroup"), group, msg));
            }
        }

        foreach (var (field, value) in new[] { ("kind", parameters.Kind), ("name", parameters.Name) })
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

        if (parameters.Scope is not { } scope)
        {
            errors.Add(FieldError.Required(path.Child("scope"), ""));
            return;
        }

        if (!Scopes.Contains(scope))
        {
            errors.Add(FieldError.NotSupported(path.Child("scope"), scope, Scopes));
        }
        else if (scope == "Namespace")
        {
            if (parameters.NamespaceProperty is not { } ns)
            {
                errors.Add(FieldError.Required(path.Child("namespace"), "`parameters.scope` is set to 'Namespace'"));
            }
            else
            {
                foreach (var msg in NameValidation.IsDns1123Label(ns))
                {
                    errors.Add(FieldError.Invalid(path.Child("namespace"), ns, msg));
                }
            }
        }
        else if (parameters.NamespaceProperty is not null)
        {
            errors.Add(FieldError.Forbidden(path.Child("namespace"), "`parameters.scope` is set to 'Cluster'"));
        }
    }

    private static V1IngressClass Read(JsonObject obj) => TypedObject.Read<V1IngressClass>(obj, "IngressClass");
}
