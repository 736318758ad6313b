using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace KubeSharp.Kubelet.Status;

/// <summary>
/// Pod status as JSON in the API's own time format (whole seconds), so that comparing what the kubelet computed with what
/// the server stored does not see differences in fractions or offsets.
/// </summary>
internal static class StatusJson
{
    public static JsonObject Of<T>(T value)
    {
        var node = JsonNode.Parse(KubernetesJson.Serialize(value))!.AsObject();
        Normalize(node);
        return node;
    }

    public static bool Same(V1PodStatus a, V1PodStatus b) => JsonNode.DeepEquals(Of(a), Of(b));

    private static void Normalize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (obj[key] is JsonValue value && value.TryGetValue<string>(out var text) && LooksLikeTime(text)
                        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
                    {
                        obj[key] = KubeTime.Time(time);
                    }
                    else
                    {
                        Normalize(obj[key]);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Normalize(item);
                }

                break;
        }
    }

    private static bool LooksLikeTime(string text) =>
        text.Length >= 20 && text[4] == '-' && text[7] == '-' && text[10] == 'T' && text[13] == ':' && char.IsAsciiDigit(text[0]);
}
