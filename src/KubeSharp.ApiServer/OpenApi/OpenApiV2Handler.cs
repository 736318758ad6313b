using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.OpenApi;

/// <summary>
/// Serves /openapi/v2 as upstream's kube-openapi handler does: JSON, or gnostic protobuf for the proto-openapi media types
/// (kubectl asks only for protobuf and cannot read JSON there), chosen from Accept by quality; 406 when nothing matches.
/// Both encodings carry the SHA-512 of the JSON as ETag and answer a matching If-None-Match with 304.
/// </summary>
internal static class OpenApiV2Handler
{
    public const string JsonContentType = "application/json";

    /// <summary>The media type upstream answers with for either protobuf request type.</summary>
    public const string ProtobufContentType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    /// <summary>The older spelling, still what kubectl sends.</summary>
    public const string ProtobufAtContentType = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

    public static async Task WriteAsync(HttpContext context, OpenApiDocuments documents)
    {
        var response = context.Response;
        response.Headers.Append("Vary", "Accept");
        var protobuf = Choose(context.Request.Headers.Accept.ToString());
        if (protobuf is null)
        {
            response.StatusCode = StatusCodes.Status406NotAcceptable;
            return;
        }

        var etag = "\"" + documents.V2Hash() + "\"";
        response.Headers.ETag = etag;
        if (Matches(context.Request.Headers.IfNoneMatch.ToString(), etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var body = protobuf.Value ? documents.V2Protobuf() : documents.V2Json();
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = protobuf.Value ? ProtobufContentType : JsonContentType;
        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>True for protobuf, false for JSON, null when the Accept header allows neither.</summary>
    internal static bool? Choose(string accept)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return false;
        }

        var clauses = accept.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select((clause, index) => Parse(clause, index))
            .Where(c => c.Quality > 0)
            .OrderByDescending(c => c.Quality)
            .ThenBy(c => c.Type == "*" ? 1 : 0)
            .ThenBy(c => c.SubType == "*" ? 1 : 0)
            .ThenBy(c => c.Index);
        foreach (var (type, subType, _, _) in clauses)
        {
            if (type is not ("application" or "*"))
            {
                continue;
            }

            // Upstream offers JSON first, so wildcards pick JSON.
            if (subType is "json" or "*")
            {
                return false;
            }

            if ("application/" + subType is ProtobufContentType or ProtobufAtContentType)
            {
                return true;
            }
        }

        return null;
    }

    private static (string Type, string SubType, double Quality, int Index) Parse(string clause, int index)
    {
        var parts = clause.Split(';', StringSplitOptions.TrimEntries);
        var media = parts[0].Split('/', 2, StringSplitOptions.TrimEntries);
        var quality = 1.0;
        foreach (var parameter in parts.Skip(1))
        {
            if (parameter.StartsWith("q=", StringComparison.OrdinalIgnoreCase)
                && double.TryParse(parameter.AsSpan(2), NumberStyles.Float, CultureInfo.InvariantCulture, out var q))
            {
                quality = q;
            }
        }

        return (media[0].ToLowerInvariant(), media.Length > 1 ? media[1].ToLowerInvariant() : "*", quality, index);
    }

    private static bool Matches(string ifNoneMatch, string etag) =>
        ifNoneMatch.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(tag => tag == "*" || (tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag) == etag);
}
