using KubeSharp.Controllers.Runtime;
using KubeSharp.Controllers.ServiceAccount;
using KubeSharp.Controllers.Tests.GarbageCollector;

namespace KubeSharp.Controllers.Tests.ServiceAccount;

public sealed class ServiceAccountFixture : ControllerFixture
{
    public const string CaPem = "-----BEGIN CERTIFICATE-----\nMIIBdummyCAforTests\n-----END CERTIFICATE-----\n";

    internal override ControllerManagerOptions Options => new() { LeaderElect = false, RootCaPem = CaPem };

    internal override IEnumerable<Func<ControllerContext, IController>> Controllers =>
        [ctx => new ServiceAccountsController(ctx), ctx => new RootCaCertPublisher(ctx)];
}
