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

    /// <summary>The canonical text upstream prints ("1024Mi" is "1Gi"); the client library mangles negative values, so the sign is kept apart.</summary>
    public static string Canonical(JsonNode node)
    {
        var raw = node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();
        return raw.StartsWith('-') ? "-" + new ResourceQuantity(raw[1..]).ToString() : new ResourceQuantity(raw).ToString();
    }

    /// <summary>Both checks, as the volume's capacity gets them.</summary>
    public static void ValidateBasicAndPositive(JsonNode node, FieldPath path, List<FieldError> errors)
    {
        var value = Value(node);
        if (value < 0)
        {
            errors.Add(FieldError.Invalid(path, (long)decimal.Ceiling(value), "must be a valid resource quantity"));
        }

        ValidatePositive(node, path, errors);
    }

    public static void ValidatePositive(JsonNode node, FieldPath path, List<FieldError> errors)
    {
        if (Value(node) <= 0)
        {
            errors.Add(FieldError.Invalid(path, Canonical(node), NotPositive));
        }
    }
}
