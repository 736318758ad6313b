using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using k8s;

namespace KubeSharp.Controllers.GarbageCollector;

/// <summary>
/// Requests on any resource as JSON, through the official client's HttpClient and credentials: the garbage collector and the
/// namespace controller act on resources they only know from discovery, and must not drop fields typed models do not know.
/// </summary>
internal sealed class DynamicClient
{
    private readonly Kubernetes _client;

    public DynamicClient(IKubernetes client) =>
        _client = client as Kubernetes ?? throw new ArgumentException("DynamicClient needs a k8s.Kubernetes client (for its HttpClient and credentials).", nameof(client));

    /// <summary>GETs a path and parses the JSON body; throws <see cref="ApiRequestException"/> for an error status.</summary>
    public async Task<JsonObject> GetPathAsync(string path, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Get, path, null, null, cancellationToken).ConfigureAwait(false);

    /// <summary>The object, or null when it does not exist.</summary>
    public async Task<JsonObject?> GetAsync(ApiResource resource, string? ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await GetPathAsync(resource.Path(ns, name), cancellationToken).ConfigureAwait(false);
        }
        catch (ApiRequestException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>PUTs the whole object (its resourceVersion makes the write conditional: a 409 means somebody else wrote first).</summary>
    public async Task<JsonObject> UpdateAsync(ApiResource resource, string? ns, string name, JsonObject obj, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Put, resource.Path(ns, name), obj, "application/json", cancellationToken).ConfigureAwait(false);

    /// <summary>PUTs <paramref name="obj"/> to a path (subresources such as namespaces/{name}/finalize).</summary>
    public async Task<JsonObject> PutPathAsync(string path, JsonObject obj, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Put, path, obj, "application/json", cancellationToken).ConfigureAwait(false);

    /// <summary>Deletes one object; false when it was already gone or (with <paramref name="uid"/>) replaced by another of the same name.</summary>
    public async Task<bool> DeleteAsync(ApiResource resource, string? ns, string name, string? propagationPolicy, string? uid, CancellationToken cancellationToken)
    {
        var options = new JsonObject { ["kind"] = "DeleteOptions", ["apiVersion"] = "v1" };
        if (propagationPolicy is not null)
        {
            options["propagationPolicy"] = propagationPolicy;
        }

        if (uid is not null)
        {
            options["preconditions"] = new JsonObject { ["uid"] = uid };
        }

        try
        {
            await SendAsync(HttpMethod.Delete, resource.Path(ns, name), options, "application/json", cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ApiRequestException e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    /// <summary>Deletes every object of <paramref name="resource"/> in <paramref name="ns"/> (background propagation, as upstream's namespace deleter).</summary>
    public async Task DeleteCollectionAsync(ApiResource resource, string ns, CancellationToken cancellationToken)
    {
        var options = new JsonObject { ["kind"] = "DeleteOptions", ["apiVersion"] = "v1", ["propagationPolicy"] = "Background" };
        await SendAsync(HttpMethod.Delete, resource.Path(ns), options, "application/json", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every object of <paramref name="resource"/> in <paramref name="ns"/>, page by page.</summary>
    public async Task<IReadOnlyList<JsonObject>> ListAsync(ApiResource resource, string ns, CancellationToken cancellationToken)
    {
        var items = new List<JsonObject>();
        string? continueToken = null;
        do
        {
            var query = "?limit=500" + (continueToken is null ? "" : "&continue=" + Uri.EscapeDataString(continueToken));
            var list = await GetPathAsync(resource.Path(ns) + query, cancellationToken).ConfigureAwait(false);
            items.AddRange((list["items"] as JsonArray ?? []).OfType<JsonObject>());
            continueToken = (list["metadata"] as JsonObject)?["continue"]?.GetValue<string>() is { Length: > 0 } next ? next : null;
        }
        while (continueToken is not null);

        return items;
    }

    private async Task<JsonObject> SendAsync(HttpMethod method, string path, JsonNode? body, string? contentType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_client.BaseUri, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? "application/json");
        }

        if (_client.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }

        using var response = await _client.HttpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new ApiRequestException(response.StatusCode, method.Method, path, text);
        }

        return text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? [];
    }
}
