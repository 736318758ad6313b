namespace KubeSharp.Controllers.Runtime;

/// <summary>The controllers the manager runs: one line each.</summary>
internal static class ControllerRegistry
{
    public static readonly IReadOnlyList<Func<ControllerContext, IController>> All =
    [
        ctx => new ReplicaSet.ReplicaSetController(ctx),
        ctx => new ReplicationController.ReplicationControllerController(ctx),
        ctx => new Deployment.DeploymentController(ctx),
    ];
}
