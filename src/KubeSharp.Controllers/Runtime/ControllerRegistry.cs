namespace KubeSharp.Controllers.Runtime;

/// <summary>The controllers the manager runs: one line each.</summary>
internal static class ControllerRegistry
{
    public static readonly IReadOnlyList<Func<ControllerContext, IController>> All =
    [
        ctx => new ReplicaSet.ReplicaSetController(ctx),
        ctx => new ReplicationController.ReplicationControllerController(ctx),
        ctx => new Deployment.DeploymentController(ctx),
        ctx => new Disruption.DisruptionController(ctx),
        ctx => new Job.JobController(ctx),
        ctx => new Job.TtlAfterFinishedController(ctx),
        ctx => new CronJob.CronJobController(ctx),
        ctx => new DaemonSet.DaemonSetController(ctx),
        ctx => new StatefulSet.StatefulSetController(ctx),
        ctx => new GarbageCollector.GarbageCollectorController(ctx),
        ctx => new Namespace.NamespaceController(ctx),
        ctx => new ServiceAccount.ServiceAccountsController(ctx),
        ctx => new ServiceAccount.RootCaCertPublisher(ctx),
        ctx => new Endpoints.EndpointsController(ctx),
        ctx => new EndpointSlice.EndpointSliceController(ctx),
        ctx => new NodeLifecycle.NodeLifecycleController(ctx),
        ctx => new NodeLifecycle.TaintEvictionController(ctx),
        ctx => new NodeIpam.NodeIpamController(ctx),
    ];
}
