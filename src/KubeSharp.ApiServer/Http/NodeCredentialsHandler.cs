using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Validation;
using KubeSharp.ApiServer.Auth;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Http;

/// <summary>
/// k3s' node bootstrap (<c>/v1-k3s/client-kubelet.crt</c>), in JSON: an agent that holds the join token asks for
/// its node's own client certificate (<c>system:node:&lt;name&gt;</c> in <c>system:nodes</c>, as the node authorizer
/// expects) and for the client CA that its kubelet server trusts for the API server's connections.
/// </summary>
internal sealed class NodeCredentialsHandler(ClusterPki pki)
{
    public const string Path = "/v1-kubesharp/node-credentials";

    public async Task HandleAsync(HttpContext context, UserInfo user)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
        }

        if (!user.Groups.Contains("system:masters"))
        {
            throw new ApiException(403, "Forbidden", $"User \"{user.Name}\" cannot request node credentials");
        }

        var nodeName = context.Request.Query["nodeName"].ToString();
        var errors = nodeName.Length == 0 ? [NameValidation.EmptyError()] : NameValidation.IsDns1123Subdomain(nodeName);
        if (errors.Count > 0)
        {
            throw ApiException.BadRequest($"invalid nodeName \"{nodeName}\": {string.Join("; ", errors)}");
        }

        var (cert, key) = pki.IssueNodeCertificate(nodeName);
        var body = new JsonObject
        {
            ["certificate"] = cert,
            ["key"] = key,
            ["clientCA"] = pki.ClientCaPem,
            ["serverCA"] = pki.ServerCaPem,
        };
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }
}
