using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using KubeSharp.Api.Errors;

namespace KubeSharp.ApiServer.Registry.Strategies.PersistentVolumes;

/// <summary>Quantity checks shared by volumes and claims: upstream's validateBasicResource and ValidatePositiveQuantityValue.</summary>
internal static class StorageQuantity
{
    public const string NotPositive = "must be greater than zero";

    /// <summary>The quantity a JSON value holds (a string such as "1Gi", or a bare number); null when absent.</summary>
    public static ResourceQuantity? Parse(JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.String => new ResourceQuantity(node.GetValue<string>()),
        JsonValueKind.Number => new ResourceQuantity(node.ToJsonString()),
        _ => null,
    };

    public static decimal Value(JsonNode? node) => Parse(node)?.ToDecimal() ?? 0;

    /// <summary>Both checks, as the volume's capacity gets them.</summary>
    public static void ValidateBasicAndPositive(ResourceQuantity q, FieldPath path, List<FieldError> errors)
    {
        var value = q.ToDecimal();
        if (value < 0)
        {
            errors.Add(FieldError.Invalid(path, (long)decimal.Ceiling(value), "must be a valid resource quantity"));
        }

        ValidatePositive(q, path, errors);
    }

    public static void ValidatePositive(ResourceQuantity q, FieldPath path, List<FieldError> errors)
    {
        if (q.ToDecimal() <= 0)
        {
            errors.Add(FieldError.Invalid(path, q.ToString(), NotPositive));
        }
    }
}
