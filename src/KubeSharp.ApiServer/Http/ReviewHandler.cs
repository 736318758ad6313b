using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Auth;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Http;

/// <summary>
/// The virtual review resources (created, never stored): access reviews answer what the authorizer decides — for now every
/// authenticated user may do everything, until RBAC — and SelfSubjectReview answers who the caller is.
/// </summary>
internal sealed class ReviewHandler
{
    private static readonly HashSet<string> Reviews =
    [
        "selfsubjectaccessreviews", "subjectaccessreviews", "localsubjectaccessreviews", "selfsubjectrulesreviews", "selfsubjectreviews",
    ];

    public bool Handles(RequestInfo info) =>
        info.Group is "authorization.k8s.io" or "authentication.k8s.io" && info.Version == "v1" && Reviews.Contains(info.Resource);

    public async Task HandleAsync(HttpContext context, RequestInfo info, UserInfo user)
    {
        if (info.Verb != "create")
        {
            throw ApiException.MethodNotSupported(info.Group, info.Resource, info.Verb);
        }

        var review = BodyDecoder.ParseObject(await BodyDecoder.ReadBytesAsync(context).ConfigureAwait(false), BodyDecoder.ContentType(context));
        review["apiVersion"] = info.Group + "/v1";
        review["kind"] ??= KindOf(info.Resource);
        review["metadata"] ??= new JsonObject();
        switch (info.Resource)
        {
            case "selfsubjectreviews":
                review["status"] = new JsonObject { ["userInfo"] = UserJson(user) };
                break;
            case "selfsubjectrulesreviews":
                review["status"] = new JsonObject
                {
                    ["resourceRules"] = new JsonArray(new JsonObject
                    {
                        ["verbs"] = new JsonArray("*"),
                        ["apiGroups"] = new JsonArray("*"),
                        ["resources"] = new JsonArray("*"),
                    }),
                    ["nonResourceRules"] = new JsonArray(new JsonObject { ["verbs"] = new JsonArray("*"), ["nonResourceURLs"] = new JsonArray("*") }),
                    ["incomplete"] = false,
                };
                break;
            default:
                if (review["spec"] is not JsonObject spec || (spec["resourceAttributes"] is null && spec["nonResourceAttributes"] is null))
                {
                    throw ApiException.Invalid(info.Group, KindOf(info.Resource), "",
                        [FieldError.Invalid("spec.resourceAttributes", "null", "exactly one of nonResourceAttributes or resourceAttributes must be specified")]);
                }

                review["status"] = new JsonObject { ["allowed"] = true, ["reason"] = "every authenticated user is allowed until RBAC is enabled" };
                break;
        }

        await ResponseWriter.WriteAsync(context, 201, review).ConfigureAwait(false);
    }

    private static JsonObject UserJson(UserInfo user) => new()
    {
        ["username"] = user.Name,
        ["uid"] = user.Uid,
        ["groups"] = new JsonArray(user.Groups.Append("system:authenticated").Distinct().Select(g => (JsonNode)JsonValue.Create(g)).ToArray()),
    };

    private static string KindOf(string resource) => resource switch
    {
        "selfsubjectaccessreviews" => "SelfSubjectAccessReview",
        "subjectaccessreviews" => "SubjectAccessReview",
        "localsubjectaccessreviews" => "LocalSubjectAccessReview",
        "selfsubjectrulesreviews" => "SelfSubjectRulesReview",
        _ => "SelfSubjectReview",
    };
}
