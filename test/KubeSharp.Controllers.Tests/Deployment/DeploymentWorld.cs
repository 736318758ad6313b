using k8s.Models;
using KubeSharp.Controllers.Common;
using KubeSharp.Controllers.Deployment;
using static KubeSharp.Controllers.Tests.Fixtures;

namespace KubeSharp.Controllers.Tests.Deployment;

/// <summary>Applies deployment plans to an in-memory cluster, standing in for the API server and the ReplicaSet controller.</summary>
internal sealed class DeploymentWorld
{
    private int _created;

    public DeploymentWorld(V1Deployment deployment) => Deployment = deployment;

    public V1Deployment Deployment { get; private set; }

    public List<V1ReplicaSet> ReplicaSets { get; } = [];

    public List<V1Pod> Pods { get; } = [];

    public DateTimeOffset Now { get; set; } = Fixtures.Now;

    public DeploymentPlan Sync()
    {
        var plan = DeploymentPlanner.Plan(Deployment, ReplicaSets, Pods, Now);
        if (plan.CreateReplicaSet is { } created)
        {
            var copy = ModelCopy.Clone(created);
            copy.Metadata.Uid = "uid-" + copy.Metadata.Name;
            copy.Metadata.Generation = 1;
            copy.Metadata.CreationTimestamp = PodUtil.ToModelTime(Now.AddSeconds(++_created));
            ReplicaSets.Add(copy);
        }

        foreach (var update in plan.UpdateReplicaSets)
        {
            var index = ReplicaSets.FindIndex(r => r.Metadata.Name == update.Metadata.Name);
            var copy = ModelCopy.Clone(update);
            if (copy.Spec.Replicas != ReplicaSets[index].Spec.Replicas)
            {
                copy.Metadata.Generation = (copy.Metadata.Generation ?? 1) + 1;
            }

            ReplicaSets[index] = copy;
        }

        ReplicaSets.RemoveAll(r => plan.DeleteReplicaSets.Any(d => d.Metadata.Name == r.Metadata.Name));
        Deployment = ModelCopy.Clone(Deployment);
        if (plan.Status is not null)
        {
            Deployment.Status = ModelCopy.Clone(plan.Status);
        }

        if (plan.RevisionAnnotation is not null)
        {
            Deployment.Metadata.Annotations ??= new Dictionary<string, string>();
            Deployment.Metadata.Annotations[DeploymentUtil.RevisionAnnotation] = plan.RevisionAnnotation;
        }

        return plan;
    }

    /// <summary>The ReplicaSet controller and kubelets caught up: every ReplicaSet has its pods, all available or none.</summary>
    public void Settle(bool newPodsAvailable = true)
    {
        var newRS = DeploymentUtil.FindNewReplicaSet(Deployment, ReplicaSets);
        foreach (var rs in ReplicaSets)
        {
            var replicas = rs.Spec.Replicas ?? 0;
            var available = ReferenceEquals(rs, newRS) && !newPodsAvailable ? 0 : replicas;
            rs.Status = new V1ReplicaSetStatus
            {
                Replicas = replicas,
                ReadyReplicas = available,
                AvailableReplicas = available,
                FullyLabeledReplicas = replicas,
                ObservedGeneration = rs.Metadata.Generation,
            };
        }
    }

    public (int New, int Old) Sizes()
    {
        var newRS = DeploymentUtil.FindNewReplicaSet(Deployment, ReplicaSets);
        return (newRS?.Spec.Replicas ?? 0, ReplicaSets.Where(r => !ReferenceEquals(r, newRS)).Sum(r => r.Spec.Replicas ?? 0));
    }

    public static V1Deployment NewDeployment(int replicas, string image, string strategy = "RollingUpdate", string maxSurge = "25%", string maxUnavailable = "25%")
        => new()
        {
            Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Uid = "uid-deploy", Generation = 1 },
            Spec = new V1DeploymentSpec
            {
                Replicas = replicas,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                Template = Template(image),
                Strategy = strategy == "Recreate"
                    ? new V1DeploymentStrategy { Type = "Recreate" }
                    : new V1DeploymentStrategy
                    {
                        Type = "RollingUpdate",
                        RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = maxSurge, MaxUnavailable = maxUnavailable },
                    },
                RevisionHistoryLimit = 10,
                ProgressDeadlineSeconds = 600,
            },
            Status = new V1DeploymentStatus(),
        };
}
