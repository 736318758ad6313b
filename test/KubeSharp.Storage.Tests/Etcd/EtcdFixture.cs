using KubeSharp.Testing;

namespace KubeSharp.Storage.Tests.Etcd;

/// <summary>A real etcd for a test class (see <see cref="EtcdProcess"/>). When etcd is not installed every test using it fails, saying so.</summary>
public sealed class EtcdFixture : IAsyncLifetime
{
    private EtcdProcess? _etcd;

    public string Endpoint => _etcd?.Endpoint ?? throw new InvalidOperationException("etcd is not running");

    public static string? FindEtcd() => EtcdProcess.Find();

    public async Task InitializeAsync() => _etcd = await EtcdProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_etcd is not null)
        {
            await _etcd.DisposeAsync();
        }
    }
}
