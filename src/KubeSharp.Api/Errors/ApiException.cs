using System.Text.Json.Nodes;

namespace KubeSharp.Api.Errors;

/// <summary>
/// An error the API answers with: it becomes a <c>Status</c> body with the code, reason, message and details
/// upstream's apimachinery/pkg/api/errors would give for the same condition.
/// </summary>
public sealed class ApiException : Exception
{
    public ApiException(int code, string reason, string message, StatusDetails? details = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
    }

    public int Code { get; }

    public string Reason { get; }

    public StatusDetails? Details { get; }

    /// <summary>"pods" for core, "deployments.apps" otherwise: how upstream names a resource in messages.</summary>
    public static string Qualified(string group, string resource) => group.Length == 0 ? resource : resource + "." + group;

    public static ApiException NotFound(string group, string resource, string name) =>
        new(404, "NotFound", $"{Qualified(group, resource)} \"{name}\" not found", new StatusDetails(name, group, resource));

    public static ApiException AlreadyExists(string group, string resource, string name) =>
        new(409, "AlreadyExists", $"{Qualified(group, resource)} \"{name}\" already exists", new StatusDetails(name, group, resource));

    public static ApiException Conflict(string group, string resource, string name, string detail) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {Qualified(group, resource)} \"{name}\": {detail}", new StatusDetails(name, group, resource));

    public static ApiException ConflictModified(string group, string resource, string name) =>
        Conflict(group, resource, name, "the object has been modified; please apply your changes to the latest version and try again");

    public static ApiException Invalid(string group, string kind, string name, IReadOnlyList<FieldError> errors)
    {
        var text = errors.Count == 1 ? errors[0].ToString() : "[" + string.Join(", ", errors.Select(e => e.ToString())) + "]";
        return new(422, "Invalid", $"{kind}{(group.Length > 0 ? "." + group : "")} \"{name}\" is invalid: {text}",
            new StatusDetails(name, group, kind, errors.Select(e => e.ToCause()).ToList()));
    }

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException Forbidden(string group, string resource, string name, string detail) =>
        new(403, "Forbidden", $"{Qualified(group, resource)}{(name.Length > 0 ? $" \"{name}\"" : "")} is forbidden: {detail}",
            new StatusDetails(name, group, resource));

    public static ApiException Unauthorized(string message = "Unauthorized") => new(401, "Unauthorized", message);

    public static ApiException MethodNotSupported(string group, string resource, string action) =>
        new(405, "MethodNotAllowed", $"{action} is not supported on resources of kind \"{Qualified(group, resource)}\"",
            new StatusDetails("", group, resource));

    public static ApiException Expired(string message) => new(410, "Expired", message);

    public static ApiException Gone(string message) => new(410, "Gone", message);

    public static ApiException NotAcceptable(string message) => new(406, "NotAcceptable", message);

    public static ApiException UnsupportedMediaType(string contentType) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (got {contentType})");

    public static ApiException RequestEntityTooLarge(string message) => new(413, "RequestEntityTooLarge", message);

    public static ApiException Internal(string message) => new(500, "InternalError", $"Internal error occurred: {message}");

    public static ApiException Timeout(string message) => new(504, "Timeout", message);

    public static ApiException TooManyRequests(string message) => new(429, "TooManyRequests", message);

    public static ApiException ServiceUnavailable(string message) => new(503, "ServiceUnavailable", message);

    /// <summary>The metav1.Status object for this error.</summary>
    public JsonObject ToStatus()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message,
            ["reason"] = Reason,
        };
        if (Details is { } d)
        {
            var details = new JsonObject();
            if (d.Name.Length > 0)
            {
                details["name"] = d.Name;
            }

            if (d.Group.Length > 0)
            {
                details["group"] = d.Group;
            }

            if (d.Kind.Length > 0)
            {
                details["kind"] = d.Kind;
            }

            if (d.Causes is { Count: > 0 } causes)
            {
                var arr = new JsonArray();
                foreach (var c in causes)
                {
                    var co = new JsonObject { ["reason"] = c.Reason, ["message"] = c.Message };
                    if (c.Field.Length > 0)
                    {
                        co["field"] = c.Field;
                    }

                    arr.Add(co);
                }

                details["causes"] = arr;
            }

            if (d.RetryAfterSeconds is { } r)
            {
                details["retryAfterSeconds"] = r;
            }

            status["details"] = details;
        }

        status["code"] = Code;
        return status;
    }
}
