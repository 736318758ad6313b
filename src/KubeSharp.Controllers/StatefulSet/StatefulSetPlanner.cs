using System.Globalization;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using KubeSharp.Controllers.Common;

namespace KubeSharp.Controllers.StatefulSet;

/// <summary>Decisions of upstream's StatefulSet controller (pkg/controller/statefulset/stateful_set_control.go, stateful_set_utils.go).</summary>
internal static partial class StatefulSetPlanner
{
    public const string PodNameLabel = "statefulset.kubernetes.io/pod-name";
    public const string PodIndexLabel = "apps.kubernetes.io/pod-index";

    public static V1OwnerReference ControllerRef(V1StatefulSet set) => ControllerRefs.NewControllerRef(set.Metadata, "apps/v1", "StatefulSet");

    public static string PodName(V1StatefulSet set, int ordinal) => $"{set.Metadata.Name}-{ordinal.ToString(CultureInfo.InvariantCulture)}";

    public static string ClaimName(V1PersistentVolumeClaim template, V1StatefulSet set, int ordinal) => $"{template.Metadata.Name}-{PodName(set, ordinal)}";

    /// <summary>The ordinal of a pod of this set ("&lt;set&gt;-&lt;n&gt;"), or null for pods named otherwise.</summary>
    public static int? Ordinal(V1StatefulSet set, V1Pod pod)
    {
        var match = OrdinalName().Match(pod.Metadata?.Name ?? string.Empty);
        return match.Success && match.Groups[1].Value == set.Metadata.Name
            && int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal) ? ordinal : null;
    }

    public static StatefulSetPlan Plan(V1StatefulSet set, IReadOnlyList<V1Pod> pods, IReadOnlyList<V1ControllerRevision> revisions, DateTimeOffset now)
    {
        var claim = ControllerRefs.Claim(set.Metadata, set.Spec.Selector, pods);
        var ordered = (set.Spec.PodManagementPolicy ?? "OrderedReady") == "OrderedReady";
        var minReady = set.Spec.MinReadySeconds ?? 0;
        var start = set.Spec.Ordinals?.Start ?? 0;
        var replicaCount = set.Spec.Replicas ?? 1;

        var matching = ControllerRevisions.FindEqual(revisions, set.Spec.Template);
        var revisionToCreate = matching is null
            ? ControllerRevisions.New(set.Metadata, ControllerRef(set), set.Spec.Template,
                ControllerRevisions.Hash(set.Spec.Template, set.Status?.CollisionCount), ControllerRevisions.NextRevision(revisions))
            : null;
        var updateRevision = (matching ?? revisionToCreate)!;
        var updateName = updateRevision.Metadata.Name;
        var currentRevision = revisions.FirstOrDefault(r => r.Metadata.Name == set.Status?.CurrentRevision) ?? updateRevision;
        var currentName = currentRevision.Metadata.Name;
        var currentTemplate = ControllerRevisions.TemplateOf(currentRevision) ?? set.Spec.Template;

        var replicas = new V1Pod?[replicaCount];
        var condemned = new List<V1Pod>();
        foreach (var pod in claim.Owned)
        {
            if (Ordinal(set, pod) is not int ordinal)
            {
                continue;
            }

            if (ordinal >= start && ordinal < start + replicaCount)
            {
                replicas[ordinal - start] = pod;
            }
            else
            {
                condemned.Add(pod);
            }
        }

        condemned = condemned.OrderBy(p => Ordinal(set, p)).ToList();
        var status = new V1StatefulSetStatus
        {
            ObservedGeneration = set.Metadata.Generation,
            CollisionCount = set.Status?.CollisionCount,
            CurrentRevision = currentName,
            UpdateRevision = updateName,
            Conditions = set.Status?.Conditions,
        };
        int total = 0, ready = 0, available = 0, current = 0, updated = 0;
        foreach (var pod in replicas.Where(p => p is not null).Concat(condemned))
        {
            total++;
            if (PodUtil.IsRunningAndReady(pod!))
            {
                ready++;
                available += PodUtil.IsAvailable(pod!, minReady, now) ? 1 : 0;
            }

            if (pod!.Metadata.DeletionTimestamp is null)
            {
                var revision = Maps.Get(pod.Metadata.Labels, ControllerRevisions.HashLabel);
                current += revision == currentName ? 1 : 0;
                updated += revision == updateName ? 1 : 0;
            }
        }

        var partition = set.Spec.UpdateStrategy?.RollingUpdate?.Partition;
        var rolling = (set.Spec.UpdateStrategy?.Type ?? "RollingUpdate") == "RollingUpdate";
        var toCreate = new List<V1Pod>();
        var toDelete = new List<V1Pod>();
        var toUpdate = new List<V1Pod>();
        var firstUnhealthy = replicas.Where(p => p is not null).Concat(condemned).FirstOrDefault(p => !IsHealthy(p!, minReady, now));
        var created = new bool[replicaCount];
        for (var i = 0; i < replicaCount; i++)
        {
            if (replicas[i] is null)
            {
                var ordinal = start + i;
                var useCurrent = rolling && (partition is int p ? ordinal < start + p : ordinal < start + (set.Status?.CurrentReplicas ?? 0));
                replicas[i] = NewPod(set, useCurrent ? currentTemplate : set.Spec.Template, ordinal, useCurrent ? currentName : updateName);
                created[i] = true;
            }
        }

        var blocked = false;
        if (set.Metadata.DeletionTimestamp is null)
        {
            for (var i = 0; i < replicaCount && !blocked; i++)
            {
                var pod = replicas[i]!;
                if (!created[i] && pod.Status?.Phase is "Failed" or "Succeeded")
                {
                    // A finished pod is deleted and recreated on a later sync, after it is gone.
                    if (pod.Metadata.DeletionTimestamp is null)
                    {
                        toDelete.Add(pod);
                    }

                    blocked = ordered;
                    continue;
                }

                if (created[i])
                {
                    toCreate.Add(pod);
                    blocked = ordered;
                    continue;
                }

                if (ordered && (pod.Metadata.DeletionTimestamp is not null || !PodUtil.IsRunningAndReady(pod) || !PodUtil.IsAvailable(pod, minReady, now)))
                {
                    blocked = true;
                    continue;
                }

                if (!IdentityAndStorageMatch(set, pod, start + i))
                {
                    var fixedPod = ModelCopy.Clone(pod);
                    ApplyIdentityAndStorage(set, fixedPod, start + i);
                    toUpdate.Add(fixedPod);
                }
            }

            // Scale down from the highest ordinal; OrderedReady one at a time and only past healthy predecessors.
            for (var i = condemned.Count - 1; i >= 0 && !blocked; i--)
            {
                var pod = condemned[i];
                if (pod.Metadata.DeletionTimestamp is not null)
                {
                    blocked = ordered;
                    continue;
                }

                if (ordered && !ReferenceEquals(pod, firstUnhealthy) && (!PodUtil.IsRunningAndReady(pod) || !PodUtil.IsAvailable(pod, minReady, now)))
                {
                    blocked = true;
                    continue;
                }

                toDelete.Add(pod);
                blocked = ordered;
            }

            if (!blocked && rolling)
            {
                // Update from the highest ordinal down to the partition, one pod at a time, waiting for health.
                var updateMin = partition ?? 0;
                for (var target = replicaCount - 1; target >= updateMin; target--)
                {
                    var pod = replicas[target]!;
                    if (Maps.Get(pod.Metadata.Labels, ControllerRevisions.HashLabel) != updateName && pod.Metadata.DeletionTimestamp is null)
                    {
                        toDelete.Add(pod);
                        current--;
                        break;
                    }

                    if (!IsHealthy(pod, minReady, now))
                    {
                        break;
                    }
                }
            }
        }

        status.Replicas = total;
        status.ReadyReplicas = ready;
        status.AvailableReplicas = available;
        status.CurrentReplicas = current;
        status.UpdatedReplicas = updated;
        if (rolling && updated == total && ready == total)
        {
            status.CurrentReplicas = updated;
            status.CurrentRevision = updateName;
        }

        var claims = toCreate.SelectMany(p => Claims(set, Ordinal(set, p)!.Value)).ToList();
        var liveRevisions = claim.Owned.Select(p => Maps.Get(p.Metadata.Labels, ControllerRevisions.HashLabel)).Where(h => h is not null).Select(h => h!)
            .Append(currentName).Append(updateName).ToHashSet();
        var revisionsToDelete = revisions.Where(r => !liveRevisions.Contains(r.Metadata.Name)).OrderBy(r => r.Revision)
            .SkipLast(set.Spec.RevisionHistoryLimit ?? 10).ToList();
        var changed = KubernetesJson.Serialize(status) != KubernetesJson.Serialize(set.Status ?? new V1StatefulSetStatus());
        return new StatefulSetPlan(claim.Adopt, claim.Release, revisionToCreate, revisionsToDelete, claims, toCreate, toUpdate,
            toDelete.DistinctBy(p => p.Metadata.Name).ToList(), changed ? status : null);
    }

    /// <summary>
    /// The pod for an ordinal: the revision's template, name "&lt;set&gt;-&lt;ordinal&gt;", hostname and subdomain
    /// (serviceName), the pod-name, pod-index and controller-revision-hash labels, and claim volumes.
    /// </summary>
    public static V1Pod NewPod(V1StatefulSet set, V1PodTemplateSpec template, int ordinal, string revisionName)
    {
        var pod = PodTemplates.NewPod(template, set.Metadata, ControllerRef(set));
        pod.Metadata.GenerateName = null;
        pod.Metadata.Labels ??= new Dictionary<string, string>();
        pod.Metadata.Labels[ControllerRevisions.HashLabel] = revisionName;
        ApplyIdentityAndStorage(set, pod, ordinal);
        return pod;
    }

    /// <summary>The PersistentVolumeClaims of an ordinal, from volumeClaimTemplates, labelled with the selector's labels.</summary>
    public static IReadOnlyList<V1PersistentVolumeClaim> Claims(V1StatefulSet set, int ordinal)
        => (set.Spec.VolumeClaimTemplates ?? []).Select(t =>
        {
            var claim = ModelCopy.Clone(t);
            claim.ApiVersion = "v1";
            claim.Kind = "PersistentVolumeClaim";
            claim.Status = null;
            claim.Metadata.Name = ClaimName(t, set, ordinal);
            claim.Metadata.NamespaceProperty = set.Metadata.NamespaceProperty;
            claim.Metadata.Labels ??= new Dictionary<string, string>();
            foreach (var (key, value) in set.Spec.Selector?.MatchLabels ?? new Dictionary<string, string>())
            {
                claim.Metadata.Labels[key] = value;
            }

            return claim;
        }).ToList();

    private static bool IsHealthy(V1Pod pod, int minReady, DateTimeOffset now)
        => PodUtil.IsRunningAndReady(pod) && pod.Metadata.DeletionTimestamp is null && PodUtil.IsAvailable(pod, minReady, now);

    private static bool IdentityAndStorageMatch(V1StatefulSet set, V1Pod pod, int ordinal)
    {
        var copy = ModelCopy.Clone(pod);
        ApplyIdentityAndStorage(set, copy, ordinal);
        return KubernetesJson.Serialize(copy) == KubernetesJson.Serialize(pod);
    }

    private static void ApplyIdentityAndStorage(V1StatefulSet set, V1Pod pod, int ordinal)
    {
        var name = PodName(set, ordinal);
        pod.Metadata.Name = name;
        pod.Metadata.NamespaceProperty = set.Metadata.NamespaceProperty;
        pod.Metadata.Labels ??= new Dictionary<string, string>();
        pod.Metadata.Labels[PodNameLabel] = name;
        pod.Metadata.Labels[PodIndexLabel] = ordinal.ToString(CultureInfo.InvariantCulture);
        pod.Spec.Hostname = name;
        pod.Spec.Subdomain = string.IsNullOrEmpty(set.Spec.ServiceName) ? null : set.Spec.ServiceName;
        var templates = set.Spec.VolumeClaimTemplates ?? [];
        if (templates.Count == 0)
        {
            return;
        }

        var volumes = (pod.Spec.Volumes ?? []).Where(v => templates.All(t => t.Metadata.Name != v.Name)).ToList();
        foreach (var template in templates)
        {
            volumes.Add(new V1Volume
            {
                Name = template.Metadata.Name,
                PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = ClaimName(template, set, ordinal) },
            });
        }

        pod.Spec.Volumes = volumes;
    }

    [GeneratedRegex("^(.*)-([0-9]+)$")]
    private static partial Regex OrdinalName();
}
