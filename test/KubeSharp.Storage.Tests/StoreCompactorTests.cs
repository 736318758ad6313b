using KubeSharp.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Storage.Tests;

public sealed class StoreCompactorTests
{
    [Fact]
    public async Task CompactOnceAsync_MoreHistoryThanRetained_CompactsToCurrentMinusRetained()
    {
        using var dir = new TempDirectory();
        await using var store = SqliteStore.Open(Path.Combine(dir.Path, "state.db"), new StoreOptions(), NullLogger.Instance);
        var entry = await store.CreateAsync("/k", [0], default);
        for (var i = 0; i < 30; i++)
        {
            entry = await store.UpdateAsync("/k", [(byte)i], entry.ModRevision, default);
        }

        var compactor = new StoreCompactor(store) { RetainedRevisions = 10 };

        Assert.Equal(entry.ModRevision - 10, await compactor.CompactOnceAsync(default));
        Assert.Equal(entry.ModRevision - 10, await store.GetCompactedRevisionAsync(default));
        Assert.Equal(0, await compactor.CompactOnceAsync(default));
    }
}
