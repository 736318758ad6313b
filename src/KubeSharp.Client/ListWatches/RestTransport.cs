using System.Net;
using System.Net.Http.Headers;
using k8s;
using k8s.Autorest;

namespace KubeSharp.Client;

/// <summary>Raw HTTP through the official client's own HttpClient, TLS settings and credentials,
/// so watches can be read line by line as they arrive.</summary>
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
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_client.BaseUri, relativeUri))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (_client.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var response = await _client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
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
