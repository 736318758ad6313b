using KubeSharp.Client;

namespace KubeSharp.Controllers.GarbageCollector;

/// <summary>The metadata informer the garbage collector keeps for one resource.</summary>
internal sealed record ResourceMonitor(ApiResource Resource, SharedInformer<ObjectMetadata> Informer);
