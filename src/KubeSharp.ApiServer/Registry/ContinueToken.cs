using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;

namespace KubeSharp.ApiServer.Registry;

/// <summary>
/// The opaque `continue` of a paged list: the revision the first page was read at and the key the next page starts from,
/// relative to the list's prefix (upstream's format: base64 of {"v":"meta.k8s.io/v1","rv":N,"start":"..."}).
/// </summary>
internal static class ContinueToken
{
    public static string Encode(long revision, string nextKey, string prefix)
    {
        var json = new JsonObject { ["v"] = "meta.k8s.io/v1", ["rv"] = revision, ["start"] = nextKey[prefix.Length..] };
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json.ToJsonString())).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static (long Revision, string StartKey) Decode(string token, string prefix)
    {
        try
        {
            var b64 = token.Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + ((4 - (b64.Length % 4)) % 4), '=');
            var json = JsonNode.Parse(Convert.FromBase64String(b64)) as JsonObject;
            if (json?["v"]?.GetValue<string>() == "meta.k8s.io/v1" && json["rv"]?.GetValue<long>() is { } rv and > 0
                && json["start"]?.GetValue<string>() is { } start && !start.Contains("..", StringComparison.Ordinal))
            {
                return (rv, prefix + start);
            }
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
        }

        throw ApiException.BadRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
    }
}
