using System.Runtime.CompilerServices;
using System.Threading.Channels;
using k8s.Models;

namespace KubeSharp.Client.Tests.Informers;

/// <summary>A list/watch driven by the test: lists return <see cref="Items"/>; each watch streams what the test writes to it.</summary>
internal sealed class ScriptedListWatch
{
    private Channel<WatchEvent<V1ConfigMap>> _watch = Channel.CreateUnbounded<WatchEvent<V1ConfigMap>>();

    public ScriptedListWatch() => ListWatch = new ListWatch<V1ConfigMap>(ListAsync, WatchAsync, "scripted configmaps");

    public ListWatch<V1ConfigMap> ListWatch { get; }

    public List<V1ConfigMap> Items { get; } = [];

    public string ResourceVersion { get; set; } = "1";

    public int Lists { get; private set; }

    public void Send(WatchEvent<V1ConfigMap> watchEvent) => _watch.Writer.TryWrite(watchEvent);

    private Task<(IReadOnlyList<V1ConfigMap> Items, string ResourceVersion)> ListAsync(CancellationToken cancellationToken)
    {
        Lists++;
        _watch = Channel.CreateUnbounded<WatchEvent<V1ConfigMap>>();
        return Task.FromResult<(IReadOnlyList<V1ConfigMap>, string)>(([.. Items], ResourceVersion));
    }

    private async IAsyncEnumerable<WatchEvent<V1ConfigMap>> WatchAsync(string resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var watchEvent in _watch.Reader.ReadAllAsync(cancellationToken))
        {
            yield return watchEvent;
        }
    }

    public static V1ConfigMap ConfigMap(string name, string resourceVersion) =>
        new() { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "ns", ResourceVersion = resourceVersion } };
}
