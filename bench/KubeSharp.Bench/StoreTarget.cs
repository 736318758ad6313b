using System.Collections.Concurrent;
using KubeSharp.Storage;

namespace KubeSharp.Bench;

/// <summary>The raw store, with keys laid out as the API server lays out ConfigMaps.</summary>
internal sealed class StoreTarget(IStore store, byte[] value) : IBenchTarget
{
    private readonly ConcurrentDictionary<string, long> _revisions = new();

    public async Task CreateAsync(string set, int index, CancellationToken cancellationToken) =>
        _revisions[Key(set, index)] = (await store.CreateAsync(Key(set, index), value, cancellationToken)).ModRevision;

    public async Task GetAsync(string set, int index, CancellationToken cancellationToken)
    {
        _ = await store.GetAsync(Key(set, index), cancellationToken) ?? throw new InvalidOperationException($"{Key(set, index)} is missing");
    }

    public async Task UpdateAsync(string set, int index, CancellationToken cancellationToken)
    {
        var key = Key(set, index);
        _revisions[key] = (await store.UpdateAsync(key, value, _revisions[key], cancellationToken)).ModRevision;
    }

    public async Task<int> ListAsync(string set, int pageSize, CancellationToken cancellationToken)
    {
        var count = 0;
        var options = new StoreListOptions(Limit: pageSize);
        while (true)
        {
            var page = await store.ListAsync(Prefix(set), options, cancellationToken);
            count += page.Items.Count;
            if (page.NextKey is null)
            {
                return count;
            }

            options = options with { Revision = page.Revision, StartKey = page.NextKey };
        }
    }

    public async Task<Task> WatchAsync(string set, int events, Action onEvent, CancellationToken cancellationToken)
    {
        var from = await store.GetCurrentRevisionAsync(cancellationToken);
        return Task.Run(async () =>
        {
            var seen = 0;
            await foreach (var e in store.WatchAsync(Prefix(set), from, cancellationToken))
            {
                if (e.Type == StoreWatchEventType.Bookmark)
                {
                    continue;
                }

                onEvent();
                if (++seen == events)
                {
                    break;
                }
            }
        }, cancellationToken);
    }

    private static string Prefix(string set) => $"/registry/configmaps/{set}/";

    private static string Key(string set, int index) => $"/registry/configmaps/{set}/cm-{index:D6}";
}
