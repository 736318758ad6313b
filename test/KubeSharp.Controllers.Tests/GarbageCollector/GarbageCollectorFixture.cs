using KubeSharp.Controllers.GarbageCollector;
using KubeSharp.Controllers.Runtime;

namespace KubeSharp.Controllers.Tests.GarbageCollector;

public sealed class GarbageCollectorFixture : ControllerFixture
{
    internal override IEnumerable<Func<ControllerContext, IController>> Controllers => [ctx => new GarbageCollectorController(ctx)];
}
