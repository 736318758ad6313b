using KubeSharp.Api.Errors;

namespace KubeSharp.ApiServer.Patch;

/// <summary>The errors upstream's patch handler answers with, by case.</summary>
internal static class PatchErrors
{
    /// <summary>
    /// A patch that could be decoded but not applied (failed test, missing path): upstream wraps it in a generic
    /// 422 whose message does not carry the cause.
    /// </summary>
    public static ApiException Unprocessable() =>
        new(422, "Invalid", "the server rejected our request due to an error in our request");

    /// <summary>A patch body that cannot be decoded.</summary>
    public static ApiException Malformed(string message) => ApiException.BadRequest(message);

    /// <summary>A strategic merge patch sent for a kind without a Go schema (custom resources), as upstream answers it.</summary>
    public static ApiException StrategicMergeUnsupported() =>
        new(415, "UnsupportedMediaType",
            "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
}
