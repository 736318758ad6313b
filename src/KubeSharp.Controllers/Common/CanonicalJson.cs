using System.Text.Json.Nodes;
using k8s;

namespace KubeSharp.Controllers.Common;

/// <summary>
/// JSON with object keys sorted, so that equal objects compare and hash equal whatever order their maps were
/// filled in (a template built in memory and the same template read back from the API server).
/// </summary>
internal static class CanonicalJson
{
    public static string Serialize<T>(T value)
        => Sort(JsonNode.Parse(KubernetesJson.Serialize(value)))?.ToJsonString() ?? "null";

    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sort(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Sort).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };
}
