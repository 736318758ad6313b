using KubeSharp.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Storage.Tests.Sqlite;

public sealed class SqliteStoreContractTests : StoreContractTests
{
    private readonly TempDirectory _dir = new();

    protected override Task<IStore> OpenStoreAsync(StoreOptions options) =>
        Task.FromResult<IStore>(SqliteStore.Open(Path.Combine(_dir.Path, $"{Guid.NewGuid():N}.db"), options, NullLogger.Instance));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _dir.Dispose();
    }
}
