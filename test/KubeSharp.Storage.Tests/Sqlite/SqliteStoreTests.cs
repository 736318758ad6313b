using System.Text;
using KubeSharp.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Storage.Tests.Sqlite;

/// <summary>What only the SQLite store promises: durability of its file, bounded size, dropping slow watchers.</summary>
public sealed class SqliteStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string DbPath => Path.Combine(_dir.Path, "state.db");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Open_AfterWriterVanishedWithoutDispose_SeesEveryAcknowledgedWrite()
    {
        // The first store is never disposed, as if its process had been killed: only what the commit put in the
        // WAL can be there.
        var crashed = SqliteStore.Open(DbPath, new StoreOptions(), NullLogger.Instance);
        var acknowledged = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => crashed.CreateAsync($"/p/{i:D3}", Encoding.UTF8.GetBytes($"{i}"), default)));
        var last = acknowledged.Max(e => e.ModRevision);

        await using var reopened = SqliteStore.Open(DbPath, new StoreOptions(), NullLogger.Instance);

        Assert.Equal(last, await reopened.GetCurrentRevisionAsync(default));
        var list = await reopened.ListAsync("/p/", new StoreListOptions(), default);
        Assert.Equal(100, list.Items.Count);
        Assert.All(acknowledged, e => Assert.Contains(list.Items, i => i.Key == e.Key && i.ModRevision == e.ModRevision));
    }

    [Fact]
    public async Task Open_AfterDispose_ContinuesRevisionsAndHistory()
    {
        long revision;
        await using (var first = SqliteStore.Open(DbPath, new StoreOptions(), NullLogger.Instance))
        {
            var a = await first.CreateAsync("/p/a", [1], default);
            revision = (await first.UpdateAsync("/p/a", [2], a.ModRevision, default)).ModRevision;
            await first.CompactAsync(a.ModRevision, default);
        }

        await using var second = SqliteStore.Open(DbPath, new StoreOptions(), NullLogger.Instance);
        var next = await second.CreateAsync("/p/b", [3], default);

        Assert.Equal(revision + 1, next.ModRevision);
        Assert.Equal(revision - 1, await second.GetCompactedRevisionAsync(default));
    }

    [Fact]
    public async Task Compact_AfterManyUpdates_ShrinksTheFile()
    {
        await using var store = SqliteStore.Open(DbPath, new StoreOptions(), NullLogger.Instance);
        var value = new byte[4096];
        var sizes = new List<long>();
        for (var round = 0; round < 3; round++)
        {
            var entries = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => store.GuaranteedUpdateAsync($"/p/{i}", _ => value, default)));
            for (var i = 0; i < 50; i++)
            {
                entries = await Task.WhenAll(entries.Select(e => store.UpdateAsync(e!.Key, value, e.ModRevision, default)));
            }

            var grown = FileSize();
            await store.CompactAsync(await store.GetCurrentRevisionAsync(default), default);
            var compacted = FileSize();
            Assert.True(compacted < grown / 4, $"round {round}: {grown} bytes before compaction, {compacted} after");
            sizes.Add(compacted);
        }

        Assert.True(sizes[^1] <= sizes[0] * 2, $"compacted sizes grew: {string.Join(", ", sizes)}");
        Assert.Equal(20, await store.CountAsync("/p/", default));
    }

    [Fact]
    public async Task Watch_ReaderTooSlow_EndsWithTooSlowAndWritersGoOn()
    {
        await using var store = SqliteStore.Open(DbPath, new StoreOptions { WatchBufferSize = 10 }, NullLogger.Instance);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var watch = store.WatchAsync("/p/", 0, cts.Token).GetAsyncEnumerator(cts.Token);
        var pending = watch.MoveNextAsync();

        for (var i = 0; i < 50; i++)
        {
            await store.CreateAsync($"/p/{i:D2}", [1], default);
        }

        await pending;
        var received = 1;
        await Assert.ThrowsAsync<StoreWatchTooSlowException>(async () =>
        {
            while (await watch.MoveNextAsync())
            {
                received++;
            }
        });
        Assert.True(received < 50);
        Assert.Equal(50, await store.CountAsync("/p/", default));
    }

    private long FileSize() => new FileInfo(DbPath).Length + (File.Exists(DbPath + "-wal") ? new FileInfo(DbPath + "-wal").Length : 0);
}
