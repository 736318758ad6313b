using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Serialization;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Http;

/// <summary>Writes API responses: JSON (the default) or YAML, Status bodies for errors, Warning headers.</summary>
internal static class ResponseWriter
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = true };

    public static async Task WriteAsync(HttpContext context, int statusCode, JsonNode body, ResponseFormat format = ResponseFormat.Json,
        string? contentType = null)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        response.Headers.CacheControl = "no-cache, private";
        if (format == ResponseFormat.Yaml)
        {
            response.ContentType = "application/yaml";
            await response.WriteAsync(YamlJson.ToYaml(body), Encoding.UTF8, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        response.ContentType = contentType ?? "application/json";
        await using var writer = new Utf8JsonWriter(response.BodyWriter, WriterOptions);
        body.WriteTo(writer);
        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    public static Task WriteErrorAsync(HttpContext context, ApiException error)
    {
        if (error.Details?.RetryAfterSeconds is { } retry)
        {
            context.Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return WriteAsync(context, error.Code, error.ToStatus());
    }

    /// <summary>Adds RFC 7234 Warning headers the way the apiserver does: <c>299 - "message"</c>.</summary>
    public static void AddWarnings(HttpContext context, IEnumerable<string> warnings)
    {
        foreach (var w in warnings.Distinct())
        {
            // As upstream's warning header: the text is quoted, with backslashes and quotes escaped by a backslash.
            context.Response.Headers.Append("Warning", "299 - \"" + HeaderSafe(w).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"");
        }
    }

    /// <summary>HTTP header values carry visible ASCII only; anything else in a warning becomes '?'.</summary>
    private static string HeaderSafe(string text) =>
        string.Create(text.Length, text, (span, t) =>
        {
            for (var i = 0; i < t.Length; i++)
            {
                span[i] = t[i] is >= ' ' and <= '~' ? t[i] : '?';
            }
        });

    public static JsonObject SuccessStatus(string name, string group, string kind, string uid)
    {
        var details = new JsonObject { ["name"] = name };
        if (group.Length > 0)
        {
            details["group"] = group;
        }

        details["kind"] = kind;
        details["uid"] = uid;
        return new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["details"] = details,
        };
    }
}
