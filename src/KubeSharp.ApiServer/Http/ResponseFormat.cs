namespace KubeSharp.ApiServer.Http;

/// <summary>What shape a response takes, chosen from the Accept header.</summary>
internal enum ResponseFormat
{
    Json,
    Yaml,
    Table,
    PartialObjectMetadata,
    DiscoveryV2,
    DiscoveryV2Beta1,
}
