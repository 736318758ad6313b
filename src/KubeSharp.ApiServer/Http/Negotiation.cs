using KubeSharp.Api.Errors;

namespace KubeSharp.ApiServer.Http;

/// <summary>Picks the response format from the Accept header as upstream's negotiation does (first supported range wins).</summary>
internal static class Negotiation
{
    public static ResponseFormat Choose(string? accept, bool discovery)
    {
        foreach (var m in MediaType.ParseAccept(accept))
        {
            if (m.Type == "application/json" && m.As.Length > 0)
            {
                switch (m.As)
                {
                    case "Table" when m.Group == "meta.k8s.io" && m.Version is "v1" or "v1beta1" && !discovery:
                        return ResponseFormat.Table;
                    case "PartialObjectMetadata" or "PartialObjectMetadataList" when m.Group == "meta.k8s.io" && m.Version is "v1" or "v1beta1" && !discovery:
                        return ResponseFormat.PartialObjectMetadata;
                    case "APIGroupDiscoveryList" when m.Group == "apidiscovery.k8s.io" && m.Version == "v2" && discovery:
                        return ResponseFormat.DiscoveryV2;
                    case "APIGroupDiscoveryList" when m.Group == "apidiscovery.k8s.io" && m.Version == "v2beta1" && discovery:
                        return ResponseFormat.DiscoveryV2Beta1;
                }

                continue;
            }

            if (m.IsJsonLike)
            {
                return ResponseFormat.Json;
            }

            if (m.IsYaml)
            {
                return ResponseFormat.Yaml;
            }
        }

        throw ApiException.NotAcceptable("only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf");
    }
}
