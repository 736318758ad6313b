using System.Net;

namespace KubeSharp.Controllers.GarbageCollector;

/// <summary>An error status from the API server for a request of <see cref="DynamicClient"/>.</summary>
internal sealed class ApiRequestException(HttpStatusCode statusCode, string method, string path, string body)
    : Exception($"{method} {path} returned {(int)statusCode} {statusCode}: {body}")
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    public string Body { get; } = body;
}
