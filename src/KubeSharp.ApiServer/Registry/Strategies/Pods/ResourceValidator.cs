using k8s.Models;
using KubeSharp.Api.Errors;

namespace KubeSharp.ApiServer.Registry.Strategies.Pods;

/// <summary>upstream's ValidateResourceRequirements: quantities non-negative and each request at most its limit.</summary>
internal static class ResourceValidator
{
    public static void ValidateRequirements(V1ResourceRequirements? resources, FieldPath path, List<FieldError> errors)
    {
        if (resources is null)
        {
            return;
        }

        foreach (var (name, q) in resources.Limits ?? new Dictionary<string, ResourceQuantity>())
        {
            ValidateNonNegative(q, path.Child("limits").Key(name), errors);
        }

        foreach (var (name, q) in resources.Requests ?? new Dictionary<string, ResourceQuantity>())
        {
            var reqPath = path.Child("requests").Key(name);
            ValidateNonNegative(q, reqPath, errors);
            if (resources.Limits is { } limits && limits.TryGetValue(name, out var limit) && q.ToDecimal() > limit.ToDecimal())
            {
                errors.Add(FieldError.Invalid(reqPath, q.ToString(), $"must be less than or equal to {name} limit of {limit}"));
            }
        }
    }

    public static void ValidateNonNegative(ResourceQuantity q, FieldPath path, List<FieldError> errors)
    {
        if (q.ToDecimal() < 0)
        {
            errors.Add(FieldError.Invalid(path, q.ToString(), "must be greater than or equal to 0"));
        }
    }
}
