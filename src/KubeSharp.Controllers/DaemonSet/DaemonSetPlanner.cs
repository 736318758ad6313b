using System.Globalization;
using k8s;
using k8s.Models;
using KubeSharp.Controllers.Common;

namespace KubeSharp.Controllers.DaemonSet;

/// <summary>Decisions of upstream's DaemonSetsController (pkg/controller/daemon/daemon_controller.go, update.go).</summary>
internal static class DaemonSetPlanner
{
    public const string TemplateGenerationLabel = "pod-template-generation";

    /// <summary>The tolerations upstream adds to every daemon pod (AddOrUpdateDaemonPodTolerations).</summary>
    public static IReadOnlyList<V1Toleration> DaemonTolerations(bool hostNetwork)
    {
        var tolerations = new List<V1Toleration>
        {
            new() { Key = "node.kubernetes.io/not-ready", OperatorProperty = "Exists", Effect = "NoExecute" },
            new() { Key = "node.kubernetes.io/unreachable", OperatorProperty = "Exists", Effect = "NoExecute" },
            new() { Key = "node.kubernetes.io/disk-pressure", OperatorProperty = "Exists", Effect = "NoSchedule" },
            new() { Key = "node.kubernetes.io/memory-pressure", OperatorProperty = "Exists", Effect = "NoSchedule" },
            new() { Key = "node.kubernetes.io/pid-pressure", OperatorProperty = "Exists", Effect = "NoSchedule" },
            new() { Key = "node.kubernetes.io/unschedulable", OperatorProperty = "Exists", Effect = "NoSchedule" },
        };
        if (hostNetwork)
        {
            tolerations.Add(new V1Toleration { Key = "node.kubernetes.io/network-unavailable", OperatorProperty = "Exists", Effect = "NoSchedule" });
        }

        return tolerations;
    }

    public static V1OwnerReference ControllerRef(V1DaemonSet ds) => ControllerRefs.NewControllerRef(ds.Metadata, "apps/v1", "DaemonSet");

    /// <summary>
    /// Upstream NodeShouldRunDaemonPod: ShouldRun when the node passes nodeName, nodeSelector, required node
    /// affinity and NoSchedule/NoExecute taints (with the daemon tolerations); ShouldContinueRunning when only
    /// NoSchedule taints are in the way.
    /// </summary>
    public static (bool ShouldRun, bool ShouldContinueRunning) NodeShouldRunDaemonPod(V1Node node, V1DaemonSet ds)
    {
        var spec = ds.Spec.Template.Spec;
        if (!string.IsNullOrEmpty(spec.NodeName) && spec.NodeName != node.Metadata.Name)
        {
            return (false, false);
        }

        if (!NodePlacement.MatchesNodeSelectorAndAffinity(spec, node))
        {
            return (false, false);
        }

        var tolerations = (spec.Tolerations ?? []).Concat(DaemonTolerations(spec.HostNetwork == true)).ToList();
        if (NodePlacement.FirstUntolerated(node.Spec?.Taints, tolerations, t => t.Effect is "NoSchedule" or "NoExecute") is null)
        {
            return (true, true);
        }

        return (false, NodePlacement.FirstUntolerated(node.Spec?.Taints, tolerations, t => t.Effect == "NoExecute") is null);
    }

    /// <summary>
    /// Plans one sync. <paramref name="pods"/> are the pods of the namespace (claimed here);
    /// <paramref name="revisions"/> the ControllerRevisions this DaemonSet owns.
    /// </summary>
    public static DaemonSetPlan Plan(V1DaemonSet ds, IReadOnlyList<V1Node> nodes, IReadOnlyList<V1Pod> pods, IReadOnlyList<V1ControllerRevision> revisions, DateTimeOffset now)
    {
        var events = new List<PlannedEvent>();
        var claim = ControllerRefs.Claim(ds.Metadata, ds.Spec.Selector, pods);
        var current = ControllerRevisions.FindEqual(revisions, ds.Spec.Template);
        var hash = current is not null ? ControllerRevisions.HashOf(current) : ControllerRevisions.Hash(ds.Spec.Template, ds.Status?.CollisionCount);
        var revisionToCreate = current is null
            ? ControllerRevisions.New(ds.Metadata, ControllerRef(ds), ds.Spec.Template, hash, ControllerRevisions.NextRevision(revisions))
            : null;

        var live = claim.Owned.Where(p => !(p.Metadata.DeletionTimestamp is not null && p.Status?.Phase is "Succeeded" or "Failed")).ToList();
        var byNode = live.Where(p => TargetNodeName(p) is not null).GroupBy(p => TargetNodeName(p)!).ToDictionary(g => g.Key, g => g.ToList());
        var nodeNames = nodes.Select(n => n.Metadata.Name).ToHashSet();
        var minReady = ds.Spec.MinReadySeconds ?? 0;
        var surge = AllowsSurge(ds, nodes);

        var createOn = new List<string>();
        var delete = new List<V1Pod>();
        if (ds.Metadata.DeletionTimestamp is null)
        {
            foreach (var node in nodes)
            {
                var (shouldRun, shouldContinue) = NodeShouldRunDaemonPod(node, ds);
                var exists = byNode.TryGetValue(node.Metadata.Name, out var daemonPods);
                if (shouldRun && !exists)
                {
                    createOn.Add(node.Metadata.Name);
                }
                else if (shouldContinue && exists)
                {
                    delete.AddRange(ExtraPodsOnNode(daemonPods!, hash, surge, minReady, now, events, node.Metadata.Name));
                }
                else if (!shouldContinue && exists)
                {
                    delete.AddRange(daemonPods!.Where(p => p.Metadata.DeletionTimestamp is null));
                }
            }

            // Pods meant for nodes that no longer exist.
            delete.AddRange(live.Where(p => p.Metadata.DeletionTimestamp is null && (TargetNodeName(p) is not { } n || !nodeNames.Contains(n))));

            if (createOn.Count == 0 && delete.Count == 0 && (ds.Spec.UpdateStrategy?.Type ?? "RollingUpdate") == "RollingUpdate")
            {
                var (rollingDelete, rollingCreate) = RollingUpdate(ds, nodes, byNode, hash, minReady, now);
                delete.AddRange(rollingDelete);
                createOn.AddRange(rollingCreate);
            }
        }

        var toCreate = createOn.Select(n => NewPod(ds, n, hash)).ToList();
        var liveHashes = live.Select(p => Maps.Get(p.Metadata.Labels, ControllerRevisions.HashLabel)).Where(h => h is not null).Select(h => h!).Append(hash).ToHashSet();
        var revisionsToDelete = ControllerRevisions.ToDelete(revisions, liveHashes, ds.Spec.RevisionHistoryLimit ?? 10);

        var status = ComputeStatus(ds, nodes, byNode, hash, now);
        var changed = KubernetesJson.Serialize(status) != KubernetesJson.Serialize(ds.Status ?? new V1DaemonSetStatus());
        return new DaemonSetPlan(claim.Adopt, claim.Release, hash, revisionToCreate, revisionsToDelete, toCreate, SlowStart.Batches(toCreate.Count),
            delete.DistinctBy(p => p.Metadata.Uid ?? p.Metadata.Name).ToList(), changed ? status : null, events);
    }

    /// <summary>
    /// The daemon pod for a node: the template plus the revision hash and generation labels, the daemon
    /// tolerations, and required node affinity replaced by matchFields metadata.name In [node] (the scheduler binds it).
    /// </summary>
    public static V1Pod NewPod(V1DaemonSet ds, string nodeName, string hash)
    {
        var pod = PodTemplates.NewPod(ds.Spec.Template, ds.Metadata, ControllerRef(ds));
        pod.Metadata.Labels ??= new Dictionary<string, string>();
        pod.Metadata.Labels[ControllerRevisions.HashLabel] = hash;
        pod.Metadata.Labels[TemplateGenerationLabel] = (ds.Metadata.Generation ?? 0).ToString(CultureInfo.InvariantCulture);
        pod.Spec.Tolerations ??= [];
        foreach (var toleration in DaemonTolerations(pod.Spec.HostNetwork == true))
        {
            if (!pod.Spec.Tolerations.Any(t => t.Key == toleration.Key && t.Effect == toleration.Effect))
            {
                pod.Spec.Tolerations.Add(toleration);
            }
        }

        var pin = new V1NodeSelectorTerm
        {
            MatchFields = [new V1NodeSelectorRequirement { Key = "metadata.name", OperatorProperty = "In", Values = [nodeName] }],
        };
        pod.Spec.Affinity ??= new V1Affinity();
        pod.Spec.Affinity.NodeAffinity ??= new V1NodeAffinity();
        pod.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector { NodeSelectorTerms = [pin] };
        return pod;
    }

    public static V1DaemonSetStatus ComputeStatus(V1DaemonSet ds, IReadOnlyList<V1Node> nodes, IReadOnlyDictionary<string, List<V1Pod>> byNode, string hash, DateTimeOffset now)
    {
        int desired = 0, current = 0, misscheduled = 0, ready = 0, available = 0, updated = 0;
        var minReady = ds.Spec.MinReadySeconds ?? 0;
        foreach (var node in nodes)
        {
            var (shouldRun, _) = NodeShouldRunDaemonPod(node, ds);
            var scheduled = byNode.TryGetValue(node.Metadata.Name, out var daemonPods) && daemonPods.Count > 0;
            if (!shouldRun)
            {
                misscheduled += scheduled ? 1 : 0;
                continue;
            }

            desired++;
            if (!scheduled)
            {
                continue;
            }

            current++;
            var pod = ByCreationAndPhase(daemonPods!)[0];
            if (PodUtil.IsReady(pod))
            {
                ready++;
                available += PodUtil.IsAvailable(pod, minReady, now) ? 1 : 0;
            }

            updated += IsUpdated(pod, hash, ds) ? 1 : 0;
        }

        return new V1DaemonSetStatus
        {
            DesiredNumberScheduled = desired,
            CurrentNumberScheduled = current,
            NumberMisscheduled = misscheduled,
            NumberReady = ready,
            NumberAvailable = available,
            NumberUnavailable = desired - available,
            UpdatedNumberScheduled = updated,
            ObservedGeneration = ds.Metadata.Generation,
            CollisionCount = ds.Status?.CollisionCount,
            Conditions = ds.Status?.Conditions,
        };
    }

    /// <summary>The node a daemon pod is bound to, or, before the scheduler binds it, the node its affinity pins it to.</summary>
    public static string? TargetNodeName(V1Pod pod)
    {
        if (!string.IsNullOrEmpty(pod.Spec?.NodeName))
        {
            return pod.Spec.NodeName;
        }

        var terms = pod.Spec?.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms;
        var field = terms is { Count: 1 } ? terms[0].MatchFields?.FirstOrDefault(f => f.Key == "metadata.name" && f.OperatorProperty == "In") : null;
        return field?.Values is { Count: 1 } values ? values[0] : null;
    }

    /// <summary>maxSurge and maxUnavailable, both rounded up against the nodes that should run a pod.</summary>
    public static (int MaxSurge, int MaxUnavailable, int Desired) DesiredNodeCounts(V1DaemonSet ds, IReadOnlyList<V1Node> nodes)
    {
        var desired = nodes.Count(n => NodeShouldRunDaemonPod(n, ds).ShouldRun);
        var rolling = ds.Spec.UpdateStrategy?.RollingUpdate;
        var maxUnavailable = IntOrPercent.Scaled(rolling?.MaxUnavailable, desired, roundUp: true, defaultValue: 1);
        var maxSurge = IntOrPercent.Scaled(rolling?.MaxSurge, desired, roundUp: true);
        if (maxUnavailable == 0 && maxSurge == 0)
        {
            maxUnavailable = 1;
        }

        return (maxSurge, maxUnavailable, desired);
    }

    private static bool AllowsSurge(V1DaemonSet ds, IReadOnlyList<V1Node> nodes)
        => (ds.Spec.UpdateStrategy?.Type ?? "RollingUpdate") == "RollingUpdate" && DesiredNodeCounts(ds, nodes).MaxSurge > 0;

    private static bool IsUpdated(V1Pod pod, string hash, V1DaemonSet ds)
    {
        var podHash = Maps.Get(pod.Metadata.Labels, ControllerRevisions.HashLabel);
        if (podHash is not null)
        {
            return podHash == hash;
        }

        return Maps.Get(pod.Metadata.Labels, TemplateGenerationLabel) == (ds.Metadata.Generation ?? 0).ToString(CultureInfo.InvariantCulture);
    }

    // Bound before unbound, Running before not, then oldest, then by name (upstream podByCreationTimestampAndPhase).
    private static List<V1Pod> ByCreationAndPhase(IEnumerable<V1Pod> pods)
        => pods.OrderBy(p => string.IsNullOrEmpty(p.Spec?.NodeName))
            .ThenBy(p => p.Status?.Phase != "Running")
            .ThenBy(p => p.Metadata.CreationTimestamp ?? DateTime.MinValue)
            .ThenBy(p => p.Metadata.Name, StringComparer.Ordinal)
            .ToList();

    private static List<V1Pod> ExtraPodsOnNode(List<V1Pod> daemonPods, string hash, bool surge, int minReady, DateTimeOffset now, List<PlannedEvent> events, string nodeName)
    {
        var delete = new List<V1Pod>();
        var running = new List<V1Pod>();
        foreach (var pod in daemonPods.Where(p => p.Metadata.DeletionTimestamp is null))
        {
            if (pod.Status?.Phase == "Failed")
            {
                events.Add(PlannedEvent.Warning("FailedDaemonPod", $"Found failed daemon pod {pod.Metadata.NamespaceProperty}/{pod.Metadata.Name} on node {nodeName}, will try to kill it"));
                delete.Add(pod);
            }
            else if (pod.Status?.Phase == "Succeeded")
            {
                delete.Add(pod);
            }
            else
            {
                running.Add(pod);
            }
        }

        if (running.Count <= 1)
        {
            return delete;
        }

        var ordered = ByCreationAndPhase(running);
        if (!surge)
        {
            delete.AddRange(ordered.Skip(1));
            return delete;
        }

        // With surge, keep the oldest new pod and, while it is not yet available, the oldest ready old pod.
        V1Pod? oldestNew = null;
        V1Pod? oldestOld = null;
        foreach (var pod in ordered)
        {
            if (Maps.Get(pod.Metadata.Labels, ControllerRevisions.HashLabel) == hash)
            {
                if (oldestNew is null)
                {
                    oldestNew = pod;
                    continue;
                }
            }
            else if (oldestOld is null)
            {
                oldestOld = pod;
                continue;
            }

            delete.Add(pod);
        }

        if (oldestNew is not null && oldestOld is not null && (!PodUtil.IsReady(oldestOld) || PodUtil.IsAvailable(oldestNew, minReady, now)))
        {
            delete.Add(oldestOld);
        }

        return delete;
    }

    private static (List<V1Pod> Delete, List<string> CreateOn) RollingUpdate(
        V1DaemonSet ds, IReadOnlyList<V1Node> nodes, Dictionary<string, List<V1Pod>> byNode, string hash, int minReady, DateTimeOffset now)
    {
        var (maxSurge, maxUnavailable, desired) = DesiredNodeCounts(ds, nodes);
        var nodesByName = nodes.ToDictionary(n => n.Metadata.Name);
        var delete = new List<V1Pod>();
        if (maxSurge == 0)
        {
            var unavailable = 0;
            var replacements = new List<V1Pod>();
            var candidates = new List<V1Pod>();
            foreach (var (_, pods) in byNode.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                if (!FindUpdatedPodsOnNode(pods, hash, out var newPod, out var oldPod))
                {
                    unavailable++;
                    continue;
                }

                if ((oldPod is null) == (newPod is null))
                {
                    unavailable++;
                }
                else if (newPod is not null)
                {
                    unavailable += PodUtil.IsAvailable(newPod, minReady, now) ? 0 : 1;
                }
                else if (!PodUtil.IsAvailable(oldPod!, minReady, now))
                {
                    replacements.Add(oldPod!);
                }
                else if (unavailable < maxUnavailable)
                {
                    candidates.Add(oldPod!);
                }
            }

            var remaining = Math.Clamp(maxUnavailable - unavailable, 0, candidates.Count);
            delete.AddRange(replacements.Concat(candidates.Take(remaining)));
            return (delete, []);
        }

        var allowedNew = new List<string>();
        var candidateNew = new List<string>();
        var shouldNotRun = new List<V1Pod>();
        int numSurge = 0, numAvailable = 0;
        foreach (var (nodeName, pods) in byNode.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!FindUpdatedPodsOnNode(pods, hash, out var newPod, out var oldPod))
            {
                numSurge++;
                continue;
            }

            if (oldPod is not null)
            {
                numAvailable += PodUtil.IsAvailable(oldPod, minReady, now) ? 1 : 0;
            }
            else if (newPod is not null)
            {
                numAvailable += PodUtil.IsAvailable(newPod, minReady, now) ? 1 : 0;
            }

            if (oldPod is null)
            {
                continue;
            }

            var shouldRun = nodesByName.TryGetValue(nodeName, out var node) && NodeShouldRunDaemonPod(node, ds).ShouldRun;
            if (newPod is null)
            {
                if (!PodUtil.IsAvailable(oldPod, minReady, now))
                {
                    if (!shouldRun)
                    {
                        delete.Add(oldPod);
                        continue;
                    }

                    allowedNew.Add(nodeName);
                }
                else if (!shouldRun)
                {
                    shouldNotRun.Add(oldPod);
                }
                else if (numSurge < maxSurge)
                {
                    candidateNew.Add(nodeName);
                }
            }
            else if (!PodUtil.IsAvailable(newPod, minReady, now))
            {
                numSurge++;
            }
            else
            {
                delete.Add(oldPod);
            }
        }

        // Pods on nodes leaving the schedule go only once enough pods elsewhere are available.
        var deletable = Math.Min(numAvailable - desired, shouldNotRun.Count);
        if (deletable > 0)
        {
            delete.AddRange(shouldNotRun.Take(deletable));
        }

        var remainingSurge = Math.Clamp(maxSurge - numSurge, 0, candidateNew.Count);
        return (delete, allowedNew.Concat(candidateNew.Take(remainingSurge)).ToList());
    }

    // At most one pod of the current revision and one older one per node (upstream findUpdatedPodsOnNode).
    private static bool FindUpdatedPodsOnNode(List<V1Pod> pods, string hash, out V1Pod? newPod, out V1Pod? oldPod)
    {
        newPod = null;
        oldPod = null;
        foreach (var pod in pods.Where(p => p.Metadata.DeletionTimestamp is null))
        {
            if (Maps.Get(pod.Metadata.Labels, ControllerRevisions.HashLabel) == hash)
            {
                if (newPod is not null)
                {
                    return false;
                }

                newPod = pod;
            }
            else
            {
                if (oldPod is not null)
                {
                    return false;
                }

                oldPod = pod;
            }
        }

        return true;
    }
}
