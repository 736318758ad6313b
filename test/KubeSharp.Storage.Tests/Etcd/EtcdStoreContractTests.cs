using KubeSharp.Storage.Etcd;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Storage.Tests.Etcd;

/// <summary>The contract on a real etcd; each store gets its own key prefix, as clusters sharing one etcd would.</summary>
public sealed class EtcdStoreContractTests(EtcdFixture etcd) : StoreContractTests, IClassFixture<EtcdFixture>
{
    protected override Task<IStore> OpenStoreAsync(StoreOptions options)
    {
        options.EtcdKeyPrefix = $"/test-{Guid.NewGuid():N}";
        return Task.FromResult<IStore>(new EtcdStore(etcd.Endpoint, options, NullLogger.Instance));
    }
}
