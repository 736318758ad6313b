using System.Net;
using System.Text.Json;
using k8s.Autorest;

namespace KubeSharp.Controllers.Common;

/// <summary>Reading the API server's errors as the official client reports them.</summary>
internal static class ApiErrors
{
    public static bool Is(Exception e, HttpStatusCode code) => e is HttpOperationException h && h.Response?.StatusCode == code;

    /// <summary>
    /// A write refused because its namespace is being deleted (403 with cause NamespaceTerminating, message "… because it
    /// is being terminated"): controllers treat it as nothing left to do, as upstream's do.
    /// </summary>
    public static bool IsNamespaceTerminating(Exception e) =>
        e is HttpOperationException { Response: { StatusCode: HttpStatusCode.Forbidden, Content: { } content } }
        && (content.Contains("NamespaceTerminating", StringComparison.Ordinal) || content.Contains("being terminated", StringComparison.Ordinal));

    /// <summary>The Status message the server sent (what upstream's err.Error() prints), else the exception's message.</summary>
    public static string Message(Exception e)
    {
        if (e is HttpOperationException { Response.Content: { Length: > 0 } content })
        {
            try
            {
                using var doc = JsonDocument.Parse(content);
                if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("message", out var message)
                    && message.ValueKind == JsonValueKind.String)
                {
                    return message.GetString() ?? e.Message;
                }
            }
            catch (JsonException)
            {
            }
        }

        return e.Message;
    }
}
