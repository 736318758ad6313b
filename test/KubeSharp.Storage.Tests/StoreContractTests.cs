using System.Text;

namespace KubeSharp.Storage.Tests;

/// <summary>The behaviour every <see cref="IStore"/> must have; each implementation runs it through a subclass.</summary>
public abstract class StoreContractTests : IAsyncLifetime
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(5);
    private readonly List<IStore> _stores = [];

    protected abstract Task<IStore> OpenStoreAsync(StoreOptions options);

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task Create_NewKey_GetReturnsIt()
    {
        var store = await NewStoreAsync();
        var created = await store.CreateAsync("/registry/pods/default/a", Bytes("one"), default);
        var got = await store.GetAsync("/registry/pods/default/a", default);

        Assert.NotNull(got);
        Assert.Equal("one", Text(got.Value));
        Assert.Equal(created.ModRevision, got.ModRevision);
        Assert.Equal(created.CreateRevision, got.CreateRevision);
        Assert.Equal(created.ModRevision, created.CreateRevision);
        Assert.Equal(created.ModRevision, await store.GetCurrentRevisionAsync(default));
        Assert.Null(await store.GetAsync("/registry/pods/default/b", default));
    }

    [Fact]
    public async Task Create_ExistingKey_ThrowsKeyExists()
    {
        var store = await NewStoreAsync();
        await store.CreateAsync("/k", Bytes("one"), default);

        var ex = await Assert.ThrowsAsync<StoreKeyExistsException>(() => store.CreateAsync("/k", Bytes("two"), default));
        Assert.Equal("/k", ex.Key);
        Assert.Equal("one", Text((await store.GetAsync("/k", default))!.Value));
    }

    [Fact]
    public async Task Update_MatchingRevision_ReplacesValue()
    {
        var store = await NewStoreAsync();
        var created = await store.CreateAsync("/k", Bytes("one"), default);

        var updated = await store.UpdateAsync("/k", Bytes("two"), created.ModRevision, default);

        Assert.True(updated.ModRevision > created.ModRevision);
        Assert.Equal(created.CreateRevision, updated.CreateRevision);
        var got = await store.GetAsync("/k", default);
        Assert.Equal("two", Text(got!.Value));
        Assert.Equal(updated.ModRevision, got.ModRevision);
    }

    [Fact]
    public async Task Update_StaleRevision_ThrowsConflictCarryingCurrent()
    {
        var store = await NewStoreAsync();
        var created = await store.CreateAsync("/k", Bytes("one"), default);
        var updated = await store.UpdateAsync("/k", Bytes("two"), created.ModRevision, default);

        var ex = await Assert.ThrowsAsync<StoreConflictException>(() => store.UpdateAsync("/k", Bytes("three"), created.ModRevision, default));

        Assert.Equal(updated.ModRevision, ex.Current.ModRevision);
        Assert.Equal("two", Text(ex.Current.Value));
    }

    [Fact]
    public async Task Update_MissingKey_ThrowsKeyNotFound()
    {
        var store = await NewStoreAsync();
        await store.CreateAsync("/other", Bytes("x"), default);

        await Assert.ThrowsAsync<StoreKeyNotFoundException>(() => store.UpdateAsync("/k", Bytes("one"), 1, default));
        await Assert.ThrowsAsync<StoreKeyNotFoundException>(() => store.UpdateAsync("/k", Bytes("one"), 0, default));
        Assert.Null(await store.GetAsync("/k", default));
    }

    [Fact]
    public async Task Delete_WithoutPrecondition_ReturnsLastValueAtDeletionRevision()
    {
        var store = await NewStoreAsync();
        var created = await store.CreateAsync("/k", Bytes("one"), default);

        var deleted = await store.DeleteAsync("/k", 0, default);

        Assert.Equal("one", Text(deleted.Value));
        Assert.True(deleted.ModRevision > created.ModRevision);
        Assert.Equal(created.CreateRevision, deleted.CreateRevision);
        Assert.Equal(deleted.ModRevision, await store.GetCurrentRevisionAsync(default));
        Assert.Null(await store.GetAsync("/k", default));
        await Assert.ThrowsAsync<StoreKeyNotFoundException>(() => store.DeleteAsync("/k", 0, default));
    }

    [Fact]
    public async Task Delete_WithPrecondition_DeletesOnlyAtThatRevision()
    {
        var store = await NewStoreAsync();
        var created = await store.CreateAsync("/k", Bytes("one"), default);
        var updated = await store.UpdateAsync("/k", Bytes("two"), created.ModRevision, default);

        var ex = await Assert.ThrowsAsync<StoreConflictException>(() => store.DeleteAsync("/k", created.ModRevision, default));
        Assert.Equal(updated.ModRevision, ex.Current.ModRevision);

        var deleted = await store.DeleteAsync("/k", updated.ModRevision, default);
        Assert.Equal("two", Text(deleted.Value));
        await Assert.ThrowsAsync<StoreKeyNotFoundException>(() => store.DeleteAsync("/k", updated.ModRevision, default));
    }

    [Fact]
    public async Task List_SiblingPrefixes_AreIsolated()
    {
        var store = await NewStoreAsync();
        await store.CreateAsync("/registry/pods/default/a", Bytes("1"), default);
        await store.CreateAsync("/registry/pods/default/b", Bytes("2"), default);
        await store.CreateAsync("/registry/pods/default-2/a", Bytes("3"), default);
        await store.CreateAsync("/registry/pods/default0", Bytes("4"), default);
        await store.CreateAsync("/registry/pods/defaul", Bytes("5"), default);

        var list = await store.ListAsync("/registry/pods/default/", new StoreListOptions(), default);

        Assert.Equal(["/registry/pods/default/a", "/registry/pods/default/b"], list.Items.Select(e => e.Key));
        Assert.Null(list.NextKey);
        Assert.Equal(await store.GetCurrentRevisionAsync(default), list.Revision);
        Assert.Equal(2, await store.CountAsync("/registry/pods/default/", default));
        Assert.Equal(5, await store.CountAsync("/registry/pods/", default));
    }

    [Fact]
    public async Task List_WithLimit_PagesWithNextKeyAndRemainingCount()
    {
        var store = await NewStoreAsync();
        for (var i = 0; i < 7; i++)
        {
            await store.CreateAsync($"/p/k{i}", Bytes($"{i}"), default);
        }

        await store.CreateAsync("/q/other", Bytes("x"), default);

        var first = await store.ListAsync("/p/", new StoreListOptions(Limit: 3), default);
        Assert.Equal(["/p/k0", "/p/k1", "/p/k2"], first.Items.Select(e => e.Key));
        Assert.Equal("/p/k3", first.NextKey);
        Assert.Equal(4, first.RemainingCount);

        // A write between pages must not show up: the next page is read at the first page's revision.
        await store.CreateAsync("/p/k35", Bytes("new"), default);
        var second = await store.ListAsync("/p/", new StoreListOptions(first.Revision, first.NextKey, 3), default);
        Assert.Equal(["/p/k3", "/p/k4", "/p/k5"], second.Items.Select(e => e.Key));
        Assert.Equal(first.Revision, second.Revision);
        Assert.Equal("/p/k6", second.NextKey);
        Assert.Equal(1, second.RemainingCount);

        var third = await store.ListAsync("/p/", new StoreListOptions(first.Revision, second.NextKey, 3), default);
        Assert.Equal(["/p/k6"], third.Items.Select(e => e.Key));
        Assert.Null(third.NextKey);
        Assert.Equal(0, third.RemainingCount);
    }

    [Fact]
    public async Task List_AtOlderRevision_ReturnsThatState()
    {
        var store = await NewStoreAsync();
        var a = await store.CreateAsync("/p/a", Bytes("a1"), default);
        var b = await store.CreateAsync("/p/b", Bytes("b1"), default);
        var before = b.ModRevision;
        await store.UpdateAsync("/p/a", Bytes("a2"), a.ModRevision, default);
        await store.DeleteAsync("/p/b", 0, default);
        await store.CreateAsync("/p/c", Bytes("c1"), default);

        var old = await store.ListAsync("/p/", new StoreListOptions(before), default);
        var now = await store.ListAsync("/p/", new StoreListOptions(), default);

        Assert.Equal(before, old.Revision);
        Assert.Equal(["/p/a=a1@" + a.ModRevision, "/p/b=b1@" + b.ModRevision], old.Items.Select(e => $"{e.Key}={Text(e.Value)}@{e.ModRevision}"));
        Assert.Equal(["/p/a=a2", "/p/c=c1"], now.Items.Select(e => $"{e.Key}={Text(e.Value)}"));
    }

    [Fact]
    public async Task List_BelowCompactedRevision_ThrowsCompacted()
    {
        var store = await NewStoreAsync();
        var first = await store.CreateAsync("/p/a", Bytes("1"), default);
        var second = await store.UpdateAsync("/p/a", Bytes("2"), first.ModRevision, default);
        var third = await store.UpdateAsync("/p/a", Bytes("3"), second.ModRevision, default);

        await store.CompactAsync(second.ModRevision, default);

        Assert.Equal(second.ModRevision, await store.GetCompactedRevisionAsync(default));
        var ex = await Assert.ThrowsAsync<StoreCompactedException>(() => store.ListAsync("/p/", new StoreListOptions(first.ModRevision), default));
        Assert.Equal(second.ModRevision, ex.Compacted);
        var atCompacted = await store.ListAsync("/p/", new StoreListOptions(second.ModRevision), default);
        Assert.Equal("2", Text(Assert.Single(atCompacted.Items).Value));
        var now = await store.ListAsync("/p/", new StoreListOptions(), default);
        Assert.Equal(third.ModRevision, Assert.Single(now.Items).ModRevision);
    }

    [Fact]
    public async Task Compact_ToNewest_KeepsCurrentValues()
    {
        var store = await NewStoreAsync();
        var a = await store.CreateAsync("/p/a", Bytes("1"), default);
        await store.UpdateAsync("/p/a", Bytes("2"), a.ModRevision, default);
        await store.CreateAsync("/p/b", Bytes("b"), default);
        await store.DeleteAsync("/p/b", 0, default);
        var revision = await store.GetCurrentRevisionAsync(default);

        await store.CompactAsync(revision, default);

        var list = await store.ListAsync("/p/", new StoreListOptions(revision), default);
        Assert.Equal("2", Text(Assert.Single(list.Items).Value));
        Assert.Equal("2", Text((await store.GetAsync("/p/a", default))!.Value));
        var next = await store.CreateAsync("/p/c", Bytes("c"), default);
        Assert.True(next.ModRevision > revision);
    }

    [Fact]
    public async Task Watch_FromRevision_ReplaysThenGoesLive()
    {
        var store = await NewStoreAsync();
        await store.CreateAsync("/other/x", Bytes("x"), default);
        var start = await store.GetCurrentRevisionAsync(default);
        await store.CreateAsync("/p/a", Bytes("a"), default);
        await store.CreateAsync("/other/y", Bytes("y"), default);
        await store.CreateAsync("/p/b", Bytes("b"), default);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var watch = store.WatchAsync("/p/", start, cts.Token).GetAsyncEnumerator(cts.Token);

        var first = await NextAsync(watch);
        var c = await store.CreateAsync("/p/c", Bytes("c"), default);
        var second = await NextAsync(watch);
        var third = await NextAsync(watch);
        var d = await store.CreateAsync("/p/d", Bytes("d"), default);
        var fourth = await NextAsync(watch);

        Assert.Equal(["/p/a", "/p/b", "/p/c", "/p/d"], new[] { first, second, third, fourth }.Select(e => e.Entry!.Key));
        Assert.All([first, second, third, fourth], e => Assert.Equal(StoreWatchEventType.Added, e.Type));
        Assert.Equal(c.ModRevision, third.Revision);
        Assert.Equal(d.ModRevision, fourth.Revision);
        Assert.True(first.Revision < second.Revision && second.Revision < third.Revision);
    }

    [Fact]
    public async Task Watch_ModifiedAndDeleted_CarryPrevious()
    {
        var store = await NewStoreAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var start = (await store.CreateAsync("/other/seed", Bytes("x"), default)).ModRevision;
        await using var watch = store.WatchAsync("/p/", start, cts.Token).GetAsyncEnumerator(cts.Token);
        var created = await store.CreateAsync("/p/a", Bytes("1"), default);
        var updated = await store.UpdateAsync("/p/a", Bytes("2"), created.ModRevision, default);
        var deleted = await store.DeleteAsync("/p/a", 0, default);

        var added = await NextAsync(watch);
        var modified = await NextAsync(watch);
        var removed = await NextAsync(watch);

        Assert.Equal(StoreWatchEventType.Added, added.Type);
        Assert.Null(added.Previous);
        Assert.Equal(StoreWatchEventType.Modified, modified.Type);
        Assert.Equal(updated.ModRevision, modified.Revision);
        Assert.Equal("2", Text(modified.Entry!.Value));
        Assert.Equal("1", Text(modified.Previous!.Value));
        Assert.Equal(created.ModRevision, modified.Previous.ModRevision);
        Assert.Equal(StoreWatchEventType.Deleted, removed.Type);
        Assert.Equal(deleted.ModRevision, removed.Revision);
        Assert.Equal(deleted.ModRevision, removed.Entry!.ModRevision);
        Assert.Equal("2", Text(removed.Entry.Value));
        Assert.Equal(updated.ModRevision, removed.Previous!.ModRevision);
        Assert.Equal("2", Text(removed.Previous.Value));
    }

    [Fact]
    public async Task Watch_FromCompactedRevision_ThrowsCompacted()
    {
        var store = await NewStoreAsync();
        await store.CreateAsync("/other/seed", Bytes("x"), default);
        var a = await store.CreateAsync("/p/a", Bytes("1"), default);
        var b = await store.UpdateAsync("/p/a", Bytes("2"), a.ModRevision, default);
        await store.UpdateAsync("/p/a", Bytes("3"), b.ModRevision, default);
        await store.CompactAsync(b.ModRevision, default);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var ex = await Assert.ThrowsAsync<StoreCompactedException>(async () =>
        {
            await foreach (var unused in store.WatchAsync("/p/", a.ModRevision - 1, cts.Token))
            {
            }
        });

        Assert.Equal(b.ModRevision, ex.Compacted);
    }

    [Fact]
    public async Task Watch_Idle_YieldsBookmarkWithCurrentRevision()
    {
        var store = await NewStoreAsync(new StoreOptions { BookmarkInterval = TimeSpan.FromMilliseconds(100) });
        await store.CreateAsync("/other/a", Bytes("1"), default);
        var revision = await store.GetCurrentRevisionAsync(default);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var watch = store.WatchAsync("/p/", revision, cts.Token).GetAsyncEnumerator(cts.Token);

        var bookmark = await NextAsync(watch);

        Assert.Equal(StoreWatchEventType.Bookmark, bookmark.Type);
        Assert.Equal(revision, bookmark.Revision);
        Assert.Null(bookmark.Entry);
    }

    [Fact]
    public async Task GuaranteedUpdate_ConcurrentWriters_NeverLoseAnUpdate()
    {
        var store = await NewStoreAsync();
        const int Writers = 8;
        const int Increments = 20;

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < Increments; i++)
            {
                await store.GuaranteedUpdateAsync("/counter", e => Bytes($"{(e is null ? 0 : int.Parse(Text(e.Value))) + 1}"), default);
            }
        })));

        Assert.Equal($"{Writers * Increments}", Text((await store.GetAsync("/counter", default))!.Value));
    }

    [Fact]
    public async Task GuaranteedUpdate_NoChange_ReturnsCurrentWithoutWriting()
    {
        var store = await NewStoreAsync();
        Assert.Null(await store.GuaranteedUpdateAsync("/k", _ => null, default));
        var created = await store.GuaranteedUpdateAsync("/k", e => e is null ? Bytes("new") : null, default);
        var revision = await store.GetCurrentRevisionAsync(default);

        var unchanged = await store.GuaranteedUpdateAsync("/k", _ => null, default);

        Assert.Equal(created!.ModRevision, unchanged!.ModRevision);
        Assert.Equal(revision, await store.GetCurrentRevisionAsync(default));
    }

    [Fact]
    public async Task Writes_Concurrent_GetStrictlyIncreasingDistinctRevisions()
    {
        var store = await NewStoreAsync();
        var start = await store.GetCurrentRevisionAsync(default);

        var entries = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => store.CreateAsync($"/p/{i:D4}", Bytes("x"), default)));

        var revisions = entries.Select(e => e.ModRevision).Order().ToArray();
        Assert.Equal(revisions.Length, revisions.Distinct().Count());
        Assert.True(revisions[0] > start);
        Assert.Equal(revisions[^1], await store.GetCurrentRevisionAsync(default));
        Assert.Equal(200, await store.CountAsync("/p/", default));
    }

    protected async Task<IStore> NewStoreAsync(StoreOptions? options = null)
    {
        var store = await OpenStoreAsync(options ?? new StoreOptions());
        _stores.Add(store);
        return store;
    }

    protected static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    protected static string Text(byte[] b) => Encoding.UTF8.GetString(b);

    protected static async Task<StoreWatchEvent> NextAsync(IAsyncEnumerator<StoreWatchEvent> watch)
    {
        Assert.True(await watch.MoveNextAsync().AsTask().WaitAsync(EventTimeout), "the watch ended");
        return watch.Current;
    }
}
