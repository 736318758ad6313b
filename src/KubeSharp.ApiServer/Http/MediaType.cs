namespace KubeSharp.ApiServer.Http;

/// <summary>One media range of an Accept header, with the Kubernetes parameters (as=Table;g=meta.k8s.io;v=v1).</summary>
internal sealed record MediaType(string Type, string As, string Group, string Version)
{
    public static IReadOnlyList<MediaType> ParseAccept(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return [new MediaType("application/json", "", "", "")];
        }

        var result = new List<MediaType>();
        foreach (var range in header.Split(','))
        {
            var parts = range.Split(';');
            var type = parts[0].Trim().ToLowerInvariant();
            string @as = "", g = "", v = "";
            foreach (var p in parts.Skip(1))
            {
                var kv = p.Split('=', 2);
                if (kv.Length != 2)
                {
                    continue;
                }

                var value = kv[1].Trim().Trim('"');
                switch (kv[0].Trim())
                {
                    case "as": @as = value; break;
                    case "g": g = value; break;
                    case "v": v = value; break;
                }
            }

            result.Add(new MediaType(type, @as, g, v));
        }

        return result;
    }

    public bool IsJsonLike => Type is "application/json" or "*/*" or "application/*" or "application/json-seq";

    public bool IsYaml => Type is "application/yaml" or "application/x-yaml" or "text/yaml";
}
