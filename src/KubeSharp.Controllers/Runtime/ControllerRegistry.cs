namespace KubeSharp.Controllers.Runtime;

/// <summary>The controllers the manager runs: one line each.</summary>
internal static class ControllerRegistry
{
    public static readonly IReadOnlyList<Func<ControllerContext, IController>> All =
    [
        c => new Endpoints.EndpointsController(c),
        c => new EndpointSlice.EndpointSliceController(c),
        c => new NodeLifecycle.NodeLifecycleController(c),
        c => new NodeLifecycle.TaintEvictionController(c),
    ];
}
