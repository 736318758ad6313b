using KubeSharp.Controllers.Namespace;
using KubeSharp.Controllers.Runtime;
using KubeSharp.Controllers.Tests.GarbageCollector;

namespace KubeSharp.Controllers.Tests.Namespace;

public sealed class NamespaceFixture : ControllerFixture
{
    internal override IEnumerable<Func<ControllerContext, IController>> Controllers => [ctx => new NamespaceController(ctx)];
}
