using System.Net;
using System.Text;

namespace KubeSharp.Client.Tests.ListWatches;

/// <summary>Answers every request with the same JSON body, so a client can be tested without a server.</summary>
internal sealed class CannedResponseHandler(string body) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
}
