namespace KubeSharp.ApiServer.Http;

/// <summary>Parses API paths the way upstream's apiserver/pkg/endpoints/request/requestinfo.go does.</summary>
internal static class RequestInfoParser
{
    public static RequestInfo Parse(string method, string path, IReadOnlyDictionary<string, string?> query)
    {
        var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var nonResource = new RequestInfo { Path = path, Verb = method.ToLowerInvariant() };
        if (parts.Length < 1 || (parts[0] != "api" && parts[0] != "apis"))
        {
            return nonResource;
        }

        var prefix = parts[0];
        var i = 1;
        var group = "";
        if (prefix == "apis")
        {
            if (parts.Length < 3)
            {
                return nonResource;
            }

            group = parts[i++];
        }
        else if (parts.Length < 2)
        {
            return nonResource;
        }

        var version = parts[i++];
        var rest = parts.Skip(i).ToList();
        if (rest.Count == 0)
        {
            return nonResource;
        }

        var verb = method.ToUpperInvariant() switch
        {
            "POST" => "create",
            "GET" or "HEAD" => "get",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => "delete",
            _ => method.ToLowerInvariant(),
        };

        // Legacy /watch/ prefix: /api/v1/watch/namespaces/default/pods
        var watchPrefix = false;
        if (rest[0] == "watch")
        {
            watchPrefix = true;
            rest.RemoveAt(0);
            if (rest.Count == 0)
            {
                return nonResource;
            }
        }

        var ns = "";
        if (rest[0] == "namespaces" && rest.Count > 2 && rest[2] is not ("status" or "finalize"))
        {
            // /namespaces/{ns}/{resource}...: a namespaced resource; /namespaces/{name}[/status|/finalize] is the namespace itself.
            ns = rest[1];
            rest = rest.Skip(2).ToList();
        }

        return Finish(rest, watchPrefix);

        RequestInfo Finish(List<string> r, bool watch)
        {
            var resource = r[0];
            var name = r.Count > 1 ? r[1] : "";
            var sub = r.Count > 2 ? r[2] : "";
            var tail = r.Count > 3 ? r.Skip(3).ToList() : [];
            var v = verb;
            if (name.Length == 0 && v == "get")
            {
                v = IsTrue(query, "watch") ? "watch" : "list";
            }
            else if (name.Length == 0 && v == "delete")
            {
                v = "deletecollection";
            }
            else if (v == "get" && IsTrue(query, "watch"))
            {
                v = "watch";
            }

            if (watch)
            {
                v = "watch";
            }

            return new RequestInfo
            {
                IsResourceRequest = true,
                Verb = v,
                Path = path,
                ApiPrefix = prefix,
                Group = group,
                Version = version,
                Namespace = resource == "namespaces" ? name : ns,
                Resource = resource,
                Name = name,
                Subresource = sub,
                Rest = tail,
            };
        }
    }

    private static bool IsTrue(IReadOnlyDictionary<string, string?> query, string key) =>
        query.TryGetValue(key, out var v) && (v == "true" || v == "1" || v == "");
}
