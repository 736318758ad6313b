using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using KubeSharp.ApiServer.Tests.Integration;

namespace KubeSharp.ApiServer.Tests.ServiceAccounts;

/// <summary>A real API server with the ServiceAccount admission plugin on, an admin client and a client without credentials.</summary>
public sealed class ServiceAccountServerFixture : ApiServerFixture
{
    protected override IReadOnlyList<string> DisabledAdmissionPlugins => [];

    public HttpClient Admin => Client;

    public HttpClient Bare => Anonymous;

    /// <summary>Sends as the admin, or with only <paramref name="bearer"/> when given.</summary>
    public async Task<(HttpStatusCode Status, JsonNode? Body)> CallAsync(HttpMethod method, string path, string? body = null, string? bearer = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        using var response = await (bearer is null ? Admin : Bare).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.StartsWith('{') ? JsonNode.Parse(text) : null);
    }

    public async Task<JsonNode> OkAsync(HttpMethod method, string path, string? body = null)
    {
        var (status, json) = await CallAsync(method, path, body);
        Assert.True((int)status is >= 200 and < 300, $"{method} {path}: {(int)status} {json?.ToJsonString()}");
        return json!;
    }

    /// <summary>A namespace with the given service accounts (JSON of each account's extra top-level fields may follow a '|').</summary>
    public async Task NamespaceWithAccountsAsync(string ns, params string[] accounts)
    {
        await OkAsync(HttpMethod.Post, "/api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"}}""");
        foreach (var account in accounts)
        {
            var parts = account.Split('|', 2);
            var extra = parts.Length > 1 ? "," + parts[1] : "";
            await OkAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/serviceaccounts",
                $$$"""{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"{{{parts[0]}}}"}{{{extra}}}}""");
        }
    }
}
