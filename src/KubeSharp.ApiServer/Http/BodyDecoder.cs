using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Serialization;
using KubeSharp.ApiServer.Protobuf;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Http;

/// <summary>Reads a request body (JSON, YAML or Kubernetes protobuf), within upstream's 3 MiB limit, into a JSON node.</summary>
internal static class BodyDecoder
{
    /// <summary>Upstream's maxRequestBodyBytes.</summary>
    public const int MaxBodyBytes = 3 * 1024 * 1024;

    public static async Task<byte[]> ReadBytesAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength is > MaxBodyBytes)
        {
            throw ApiException.RequestEntityTooLarge($"limit is {MaxBodyBytes}");
        }

        // Kestrel's pipe holds the body in pooled segments: wait for all of it, then copy it once into an array of its
        // size (a fixed 80 KiB read buffer per request was most of the server's allocation at scale).
        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
            var body = result.Buffer;
            if (body.Length > MaxBodyBytes)
            {
                reader.AdvanceTo(body.Start, body.End);
                throw ApiException.RequestEntityTooLarge($"limit is {MaxBodyBytes}");
            }

            if (result.IsCompleted)
            {
                var bytes = body.ToArray();
                reader.AdvanceTo(body.End);
                return bytes;
            }

            reader.AdvanceTo(body.Start, body.End);
        }
    }

    /// <summary>The media type of the body without parameters, lower-case ("application/json" when absent).</summary>
    public static string ContentType(HttpContext context)
    {
        var ct = context.Request.ContentType;
        return string.IsNullOrWhiteSpace(ct) ? "application/json" : ct.Split(';')[0].Trim().ToLowerInvariant();
    }

    /// <summary>
    /// Parses a JSON or YAML body. Duplicate JSON fields are kept last-wins, as upstream's lenient decoding does, and their
    /// paths are added to <paramref name="duplicates"/> so that fieldValidation can report them.
    /// </summary>
    public static JsonNode Parse(byte[] body, string contentType, List<string>? duplicates = null)
    {
        if (body.Length == 0)
        {
            throw ApiException.BadRequest("the body of the request was empty");
        }

        if (contentType.Contains("yaml", StringComparison.Ordinal))
        {
            return YamlJson.ToJson(Encoding.UTF8.GetString(body)) ?? throw ApiException.BadRequest("the body of the request was empty");
        }

        if (contentType == "application/vnd.kubernetes.protobuf")
        {
            return ProtobufDecoder.Decode(body, ProtoSchema.BuiltIn);
        }

        if (contentType.Contains("cbor", StringComparison.Ordinal) || !contentType.Contains("json", StringComparison.Ordinal))
        {
            throw ApiException.UnsupportedMediaType(contentType);
        }

        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 1000 });
            return ToNode(doc.RootElement, "", duplicates) ?? throw ApiException.BadRequest("the body of the request was null");
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest($"couldn't get version/kind; json parse error: {e.Message}");
        }
    }

    public static JsonObject ParseObject(byte[] body, string contentType, List<string>? duplicates = null) =>
        Parse(body, contentType, duplicates) as JsonObject
        ?? throw ApiException.BadRequest("couldn't get version/kind; json parse error: the body is not a JSON object");

    private static JsonNode? ToNode(JsonElement e, string path, List<string>? duplicates)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (var p in e.EnumerateObject())
                {
                    var child = path.Length == 0 ? p.Name : path + "." + p.Name;
                    if (obj.ContainsKey(p.Name))
                    {
                        duplicates?.Add(child);
                        obj.Remove(p.Name);
                    }

                    obj[p.Name] = ToNode(p.Value, child, duplicates);
                }

                return obj;
            case JsonValueKind.Array:
                var arr = new JsonArray();
                var i = 0;
                foreach (var item in e.EnumerateArray())
                {
                    arr.Add(ToNode(item, $"{path}[{i++}]", duplicates));
                }

                return arr;
            case JsonValueKind.Null:
                return null;
            default:
                return JsonValue.Create(e.Clone());
        }
    }
}
