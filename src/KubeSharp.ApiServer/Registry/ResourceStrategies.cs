namespace KubeSharp.ApiServer.Registry;

/// <summary>Finds the strategy for a resource; resources without special rules get <see cref="ResourceStrategy.Default"/>.</summary>
internal static class ResourceStrategies
{
    public static ResourceStrategy For(ResourceInfo resource) => resource switch
    {
        _ => ResourceStrategy.Default,
    };
}
