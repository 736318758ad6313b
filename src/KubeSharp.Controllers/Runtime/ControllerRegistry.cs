namespace KubeSharp.Controllers.Runtime;

/// <summary>The controllers the manager runs: one line each.</summary>
internal static class ControllerRegistry
{
    public static readonly IReadOnlyList<Func<ControllerContext, IController>> All =
    [
        ctx => new GarbageCollector.GarbageCollectorController(ctx),
        ctx => new Namespace.NamespaceController(ctx),
        ctx => new ServiceAccount.ServiceAccountsController(ctx),
        ctx => new ServiceAccount.RootCaCertPublisher(ctx),
    ];
}
