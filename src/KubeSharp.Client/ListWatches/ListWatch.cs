using k8s;
using k8s.Models;

namespace KubeSharp.Client;

public static class ListWatch
{
    /// <summary>A list/watch of <paramref name="plural"/> in <paramref name="group"/>/<paramref name="version"/> (group "" for core),
    /// in one namespace or all of them.</summary>
    public static ListWatch<T> For<T, TList>(IKubernetes client, string group, string version, string plural, string? @namespace = null,
        string? fieldSelector = null, string? labelSelector = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : class, IItems<T>, IMetadata<V1ListMeta>
    {
        ArgumentNullException.ThrowIfNull(client);
        var rest = new RestListWatch<T, TList>(RestTransport.From(client), group, version, plural, @namespace, fieldSelector, labelSelector);
        return new ListWatch<T>(rest.ListAsync, rest.WatchAsync, rest.Path);
    }
}
