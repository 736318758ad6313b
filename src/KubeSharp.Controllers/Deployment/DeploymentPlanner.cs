using k8s;
using k8s.Models;
using KubeSharp.Controllers.Common;

namespace KubeSharp.Controllers.Deployment;

/// <summary>
/// Decisions of upstream's DeploymentController (sync.go, rolling.go, recreate.go, progress.go): which
/// ReplicaSets to create, scale and delete, and the resulting status, for one sync.
/// </summary>
internal static class DeploymentPlanner
{
    public static V1OwnerReference ControllerRef(V1Deployment d) => ControllerRefs.NewControllerRef(d.Metadata, "apps/v1", "Deployment");

    /// <summary>
    /// Plans one sync. <paramref name="replicaSets"/> are the ReplicaSets of the deployment's namespace (claimed
    /// here by selector and controller reference); <paramref name="pods"/> the pods of the namespace (Recreate
    /// waits until the old ReplicaSets' pods are gone).
    /// </summary>
    public static DeploymentPlan Plan(V1Deployment deployment, IReadOnlyList<V1ReplicaSet> replicaSets, IReadOnlyList<V1Pod> pods, DateTimeOffset now)
        => new DeploymentSync(deployment, replicaSets, pods, now).Run();

    /// <summary>The name the new ReplicaSet gets: "&lt;deployment&gt;-&lt;pod-template-hash&gt;".</summary>
    public static string NewReplicaSetName(V1Deployment d)
        => d.Metadata.Name + "-" + PodTemplateHash.Compute(d.Spec.Template, d.Status?.CollisionCount);
}
