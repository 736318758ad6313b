using System.Net;
using System.Net.Http.Headers;
using k8s;
using k8s.Autorest;

namespace KubeSharp.Client;

/// <summary>Raw HTTP through the official client's own HttpClient, TLS settings and credentials, so watches can be read
/// line by line as they arrive and answers nobody reads are not decoded.</summary>
internal sealed class RestTransport
{
    private readonly Kubernetes _client;

    private RestTransport(Kubernetes client) => _client = client;

    public static RestTransport From(IKubernetes client) => client is Kubernetes k
        ? new RestTransport(k)
        : throw new ArgumentException("ListWatch needs a k8s.Kubernetes client (for its HttpClient and credentials).", nameof(client));

    /// <summary>Sends a GET and returns the response once its headers arrived; throws HttpOperationException for an error status.</summary>
    public async Task<HttpResponseMessage> GetAsync(string relativeUri, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, relativeUri);
        return await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends a PATCH whose answer the caller does not read: a success is only checked, not decoded (the official client
    /// would decode every answer into typed objects); throws HttpOperationException for an error status.
    /// </summary>
    public async Task PatchAsync(string relativeUri, string patchType, string patch, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Patch, relativeUri);
        request.Content = new StringContent(patch, new MediaTypeHeaderValue(patchType));
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
    }

    private HttpRequestMessage Request(HttpMethod method, string relativeUri)
    {
        var request = new HttpRequestMessage(method, new Uri(_client.BaseUri, relativeUri))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        if (_client.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var response = await _client.HttpClient.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var content = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new HttpOperationException($"Operation returned an invalid status code '{response.StatusCode}', response body {content}")
            {
                Response = new HttpResponseMessageWrapper(response, content),
            };
        }
    }
}
