using System.Reflection;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Registry;
using KubeSharp.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.ApiServer.Tests.Registry;

/// <summary>A generated name that is already taken is generated again (upstream's RetryGenerateName), a given one is not.</summary>
public sealed class GenerateNameRetryTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ks-genname-").FullName;
    private IStore _inner = null!;
    private IStore _store = null!;
    private TakenNamesStore _taken = null!;

    public async Task InitializeAsync()
    {
        _inner = await StoreFactory.CreateAsync(null, _dir, new StoreOptions(), NullLoggerFactory.Instance, CancellationToken.None);
        (_store, _taken) = TakenNamesStore.Wrap(_inner);
    }

    public async Task DisposeAsync()
    {
        await _inner.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private static JsonObject Namespace(string metadata) => new() { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = JsonNode.Parse(metadata) };

    [Fact]
    public async Task Create_GeneratedNameTaken_RetriedWithANewName()
    {
        var registry = new ResourceCatalog(_store, TimeProvider.System).Get("", "namespaces");
        _taken.Collisions = 3;

        var created = await registry.CreateAsync("", Namespace("""{"generateName":"gen-"}"""), new WriteOptions(), CancellationToken.None);

        Assert.StartsWith("gen-", created["metadata"]!["name"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(4, _taken.Attempts);
    }

    [Fact]
    public async Task Create_GeneratedNamesTakenEveryTime_AlreadyExistsAfterTheRetries()
    {
        var registry = new ResourceCatalog(_store, TimeProvider.System).Get("", "namespaces");
        _taken.Collisions = 100;

        var e = await Assert.ThrowsAsync<ApiException>(() => registry.CreateAsync("", Namespace("""{"generateName":"gen-"}"""), new WriteOptions(), CancellationToken.None));

        Assert.Equal(409, e.Code);
        Assert.Equal(ResourceRegistry.MaxGenerateNameRetries + 1, _taken.Attempts);
    }

    [Fact]
    public async Task Create_GivenNameTaken_NoRetry()
    {
        var registry = new ResourceCatalog(_store, TimeProvider.System).Get("", "namespaces");
        _taken.Collisions = 1;

        var e = await Assert.ThrowsAsync<ApiException>(() => registry.CreateAsync("", Namespace("""{"name":"fixed"}"""), new WriteOptions(), CancellationToken.None));

        Assert.Equal("AlreadyExists", e.Reason);
        Assert.Equal(1, _taken.Attempts);
    }

    /// <summary>A store whose first <see cref="Collisions"/> creates report the key as taken; everything else goes to the real store.</summary>
    public class TakenNamesStore : DispatchProxy
    {
        private IStore _target = null!;
        private int _collisions;
        private int _attempts;

        public int Collisions
        {
            set => (_collisions, _attempts) = (value, 0);
        }

        public int Attempts => Volatile.Read(ref _attempts);

        public static (IStore Store, TakenNamesStore Control) Wrap(IStore target)
        {
            var proxy = Create<IStore, TakenNamesStore>();
            var control = (TakenNamesStore)(object)proxy;
            control._target = target;
            return (proxy, control);
        }

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            if (method!.Name == nameof(IStore.CreateAsync))
            {
                Interlocked.Increment(ref _attempts);
                if (Interlocked.Decrement(ref _collisions) >= 0)
                {
                    return Task.FromException<StoreEntry>(new StoreKeyExistsException((string)args![0]!));
                }
            }

            return method.Invoke(_target, args);
        }
    }
}
