using KubeSharp.Storage.Sqlite;

namespace KubeSharp.Storage.Tests;

public sealed class StoreFactoryTests
{
    [Fact]
    public async Task CreateAsync_NoEndpoint_OpensSqliteUnderDataDir()
    {
        using var dir = new TempDirectory();

        await using var store = await StoreFactory.CreateAsync(null, dir.Path, new StoreOptions(), null, default);

        Assert.IsType<SqliteStore>(store);
        Assert.True(File.Exists(Path.Combine(dir.Path, "server", "db", "state.db")));
    }

    [Fact]
    public async Task CreateAsync_UnknownScheme_Throws()
    {
        using var dir = new TempDirectory();

        await Assert.ThrowsAsync<ArgumentException>(() => StoreFactory.CreateAsync("mysql://x", dir.Path, new StoreOptions(), null, default));
    }

    [Fact]
    public void PrefixEnd_DirectoryPrefix_ExcludesSiblingsWithLongerNames()
    {
        Assert.Equal("/registry/pods/default0", KeyRange.PrefixEnd("/registry/pods/default/"));
        Assert.True(string.CompareOrdinal("/registry/pods/default-2/a", "/registry/pods/default/") < 0);
        Assert.Equal(KeyRange.Infinity, KeyRange.PrefixEnd(""));
    }
}
