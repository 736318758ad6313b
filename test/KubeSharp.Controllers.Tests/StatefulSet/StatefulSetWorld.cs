using k8s.Models;
using KubeSharp.Controllers.Common;
using KubeSharp.Controllers.StatefulSet;
using static KubeSharp.Controllers.Tests.Fixtures;

namespace KubeSharp.Controllers.Tests.StatefulSet;

/// <summary>Applies plans: creates pods (not ready until <see cref="MakeReady"/>), deletes at once, keeps revisions and status.</summary>
internal sealed class StatefulSetWorld(V1StatefulSet set)
{
    public V1StatefulSet Set { get; } = set;

    public List<V1Pod> Pods { get; } = [];

    public List<V1ControllerRevision> Revisions { get; } = [];

    public StatefulSetPlan Sync()
    {
        var plan = StatefulSetPlanner.Plan(Set, Pods, Revisions, Now);
        if (plan.RevisionToCreate is { } revision)
        {
            Revisions.Add(revision);
        }

        foreach (var pod in plan.PodsToCreate)
        {
            var copy = ModelCopy.Clone(pod);
            copy.Metadata.Uid = "uid-" + copy.Metadata.Name + "-" + Guid.NewGuid();
            copy.Metadata.CreationTimestamp = PodUtil.ToModelTime(Now.AddHours(-1));
            copy.Status = new V1PodStatus { Phase = "Pending" };
            Pods.Add(copy);
        }

        Pods.RemoveAll(p => plan.PodsToDelete.Any(d => d.Metadata.Name == p.Metadata.Name));
        if (plan.Status is not null)
        {
            Set.Status = plan.Status;
        }

        return plan;
    }

    public void MakeReady()
    {
        foreach (var pod in Pods)
        {
            pod.Status = new V1PodStatus
            {
                Phase = "Running",
                Conditions = [new V1PodCondition { Type = "Ready", Status = "True", LastTransitionTime = PodUtil.ToModelTime(Now.AddMinutes(-5)) }],
            };
        }
    }

    public void RunUntilStable()
    {
        for (var i = 0; i < 10; i++)
        {
            Sync();
            MakeReady();
        }
    }
}
