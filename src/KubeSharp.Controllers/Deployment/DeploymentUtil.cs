using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubeSharp.Controllers.Common;

namespace KubeSharp.Controllers.Deployment;

/// <summary>Upstream pkg/controller/deployment/util/deployment_util.go, over typed models.</summary>
internal static class DeploymentUtil
{
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";
    public const string RevisionHistoryAnnotation = "deployment.kubernetes.io/revision-history";
    public const string DesiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas";
    public const string MaxReplicasAnnotation = "deployment.kubernetes.io/max-replicas";
    public const string RollbackToAnnotation = "deprecated.deployment.rollback.to";
    public const string LastAppliedConfigAnnotation = "kubectl.kubernetes.io/last-applied-configuration";
    public const int MaxRevisionHistoryLengthInChars = 2000;

    public static int Replicas(V1Deployment d) => d.Spec.Replicas ?? 1;

    public static int Replicas(V1ReplicaSet? rs) => rs?.Spec?.Replicas ?? 0;

    public static bool IsRollingUpdate(V1Deployment d) => d.Spec.Strategy?.Type is null or "RollingUpdate";

    /// <summary>maxSurge rounded up, maxUnavailable rounded down; both zero becomes maxUnavailable 1.</summary>
    public static (int Surge, int Unavailable) ResolveFenceposts(IntOrString? maxSurge, IntOrString? maxUnavailable, int desired)
    {
        var surge = IntOrPercent.Scaled(maxSurge ?? (IntOrString)"25%", desired, roundUp: true);
        var unavailable = IntOrPercent.Scaled(maxUnavailable ?? (IntOrString)"25%", desired, roundUp: false);
        if (surge == 0 && unavailable == 0)
        {
            unavailable = 1;
        }

        return (surge, unavailable);
    }

    public static int MaxSurge(V1Deployment d)
    {
        if (!IsRollingUpdate(d))
        {
            return 0;
        }

        var rolling = d.Spec.Strategy?.RollingUpdate;
        return ResolveFenceposts(rolling?.MaxSurge, rolling?.MaxUnavailable, Replicas(d)).Surge;
    }

    public static int MaxUnavailable(V1Deployment d)
    {
        if (!IsRollingUpdate(d) || Replicas(d) == 0)
        {
            return 0;
        }

        var rolling = d.Spec.Strategy?.RollingUpdate;
        var unavailable = ResolveFenceposts(rolling?.MaxSurge, rolling?.MaxUnavailable, Replicas(d)).Unavailable;
        return Math.Min(unavailable, Replicas(d));
    }

    public static long Revision(V1ReplicaSet rs)
        => rs.Metadata.Annotations is { } a && a.TryGetValue(RevisionAnnotation, out var v)
            && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var r) ? r : 0;

    public static long MaxRevision(IEnumerable<V1ReplicaSet> replicaSets) => replicaSets.Select(Revision).DefaultIfEmpty(0).Max();

    /// <summary>Templates equal once the pod-template-hash label is ignored.</summary>
    public static bool EqualIgnoreHash(V1PodTemplateSpec? a, V1PodTemplateSpec? b)
    {
        static string Canonical(V1PodTemplateSpec? t)
        {
            if (t is null)
            {
                return string.Empty;
            }

            var copy = ModelCopy.Clone(t);
            copy.Metadata?.Labels?.Remove(PodTemplateHash.LabelKey);
            if (copy.Metadata?.Labels is { Count: 0 })
            {
                copy.Metadata.Labels = null;
            }

            return Prune(JsonNode.Parse(CanonicalJson.Serialize(copy)))?.ToJsonString() ?? string.Empty;
        }

        return Canonical(a) == Canonical(b);
    }

    // Semantic equality as upstream's: a template that went through Go clients (kubectl rollout undo) carries empty
    // structs such as "resources": {} that the one written by this controller omits.
    private static JsonNode? Prune(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var kept = obj.Select(p => KeyValuePair.Create(p.Key, Prune(p.Value))).Where(p => p.Value is not null).ToList();
                return kept.Count == 0 ? null : new JsonObject(kept);
            case JsonArray array:
                return array.Count == 0 ? null : new JsonArray(array.Select(i => Prune(i) ?? new JsonObject()).ToArray());
            default:
                return node?.DeepClone();
        }
    }

    /// <summary>Oldest first; equal times by name.</summary>
    public static List<V1ReplicaSet> ByCreation(IEnumerable<V1ReplicaSet> replicaSets)
        => replicaSets.OrderBy(r => r.Metadata.CreationTimestamp ?? DateTime.MinValue).ThenBy(r => r.Metadata.Name, StringComparer.Ordinal).ToList();

    public static V1ReplicaSet? FindNewReplicaSet(V1Deployment d, IEnumerable<V1ReplicaSet> replicaSets)
        => ByCreation(replicaSets).FirstOrDefault(rs => EqualIgnoreHash(rs.Spec.Template, d.Spec.Template));

    public static List<V1ReplicaSet> FilterActive(IEnumerable<V1ReplicaSet?> replicaSets)
        => replicaSets.Where(r => r is not null && Replicas(r) > 0).Select(r => r!).ToList();

    public static int ReplicaCount(IEnumerable<V1ReplicaSet?> replicaSets) => replicaSets.Sum(Replicas);

    public static int ActualReplicaCount(IEnumerable<V1ReplicaSet?> replicaSets) => replicaSets.Sum(r => r?.Status?.Replicas ?? 0);

    public static int ReadyReplicaCount(IEnumerable<V1ReplicaSet?> replicaSets) => replicaSets.Sum(r => r?.Status?.ReadyReplicas ?? 0);

    public static int AvailableReplicaCount(IEnumerable<V1ReplicaSet?> replicaSets) => replicaSets.Sum(r => r?.Status?.AvailableReplicas ?? 0);

    public static int? IntAnnotation(V1ReplicaSet rs, string key)
        => rs.Metadata.Annotations is { } a && a.TryGetValue(key, out var v)
            && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var r) ? r : null;

    /// <summary>Sets desired-replicas and max-replicas; true when they changed.</summary>
    public static bool SetReplicasAnnotations(V1ReplicaSet rs, int desired, int max)
    {
        rs.Metadata.Annotations ??= new Dictionary<string, string>();
        var changed = false;
        foreach (var (key, value) in new[] { (DesiredReplicasAnnotation, desired), (MaxReplicasAnnotation, max) })
        {
            var text = value.ToString(CultureInfo.InvariantCulture);
            if (!rs.Metadata.Annotations.TryGetValue(key, out var old) || old != text)
            {
                rs.Metadata.Annotations[key] = text;
                changed = true;
            }
        }

        return changed;
    }

    public static bool ReplicasAnnotationsNeedUpdate(V1ReplicaSet rs, int desired, int max)
        => Maps.Get(rs.Metadata.Annotations, DesiredReplicasAnnotation) != desired.ToString(CultureInfo.InvariantCulture)
            || Maps.Get(rs.Metadata.Annotations, MaxReplicasAnnotation) != max.ToString(CultureInfo.InvariantCulture);

    private static bool SkipCopyAnnotation(string key)
        => key is LastAppliedConfigAnnotation or RevisionAnnotation or RevisionHistoryAnnotation
            or DesiredReplicasAnnotation or MaxReplicasAnnotation or RollbackToAnnotation;

    /// <summary>
    /// Upstream SetNewReplicaSetAnnotations: copies the deployment's annotations, raises the revision (keeping the
    /// superseded ones in revision-history when an old ReplicaSet becomes new again, as after a rollback) and, for
    /// a ReplicaSet about to be created, sets the replicas annotations. True when anything changed.
    /// </summary>
    public static bool SetNewReplicaSetAnnotations(V1Deployment d, V1ReplicaSet rs, string newRevision, bool exists)
    {
        rs.Metadata.Annotations ??= new Dictionary<string, string>();
        var changed = false;
        foreach (var (key, value) in d.Metadata.Annotations ?? new Dictionary<string, string>())
        {
            if (SkipCopyAnnotation(key) || (rs.Metadata.Annotations.TryGetValue(key, out var v) && v == value))
            {
                continue;
            }

            rs.Metadata.Annotations[key] = value;
            changed = true;
        }

        var hadRevision = rs.Metadata.Annotations.TryGetValue(RevisionAnnotation, out var oldRevision);
        long oldRevisionNumber = 0;
        if (!string.IsNullOrEmpty(oldRevision) && !long.TryParse(oldRevision, NumberStyles.Integer, CultureInfo.InvariantCulture, out oldRevisionNumber))
        {
            return false;
        }

        var newRevisionNumber = long.Parse(newRevision, CultureInfo.InvariantCulture);
        if (oldRevisionNumber < newRevisionNumber)
        {
            rs.Metadata.Annotations[RevisionAnnotation] = newRevision;
            changed = true;
            if (hadRevision)
            {
                AppendRevisionHistory(rs, oldRevision!);
            }
        }

        if (!exists && SetReplicasAnnotations(rs, Replicas(d), Replicas(d) + MaxSurge(d)))
        {
            changed = true;
        }

        return changed;
    }

    private static void AppendRevisionHistory(V1ReplicaSet rs, string oldRevision)
    {
        var history = Maps.Get(rs.Metadata.Annotations, RevisionHistoryAnnotation) ?? string.Empty;
        if (history.Length == 0)
        {
            rs.Metadata.Annotations[RevisionHistoryAnnotation] = oldRevision;
            return;
        }

        var revisions = history.Split(',').ToList();
        var total = history.Length + oldRevision.Length + 1;
        var start = 0;
        while (total > MaxRevisionHistoryLengthInChars && start < revisions.Count)
        {
            total -= revisions[start].Length + 1;
            start++;
        }

        if (total <= MaxRevisionHistoryLengthInChars)
        {
            rs.Metadata.Annotations[RevisionHistoryAnnotation] = string.Join(',', revisions.Skip(start).Append(oldRevision));
        }
    }

    /// <summary>How many replicas the new ReplicaSet should have now (upstream NewRSNewReplicas).</summary>
    public static int NewRSNewReplicas(V1Deployment d, IEnumerable<V1ReplicaSet?> allReplicaSets, V1ReplicaSet newRS)
    {
        if (!IsRollingUpdate(d))
        {
            return Replicas(d);
        }

        var current = ReplicaCount(allReplicaSets);
        var maxTotal = Replicas(d) + MaxSurge(d);
        if (current >= maxTotal)
        {
            return Replicas(newRS);
        }

        var scaleUp = Math.Min(maxTotal - current, Replicas(d) - Replicas(newRS));
        return Replicas(newRS) + scaleUp;
    }

    public static bool IsSaturated(V1Deployment d, V1ReplicaSet? rs)
        => rs is not null && IntAnnotation(rs, DesiredReplicasAnnotation) is int desired
            && Replicas(rs) == Replicas(d) && desired == Replicas(d) && (rs.Status?.AvailableReplicas ?? 0) == Replicas(d);

    public static bool HasProgressDeadline(V1Deployment d)
        => d.Spec.ProgressDeadlineSeconds is int s && s != int.MaxValue;

    public static bool HasRevisionHistoryLimit(V1Deployment d)
        => d.Spec.RevisionHistoryLimit is int l && l != int.MaxValue;

    public static bool DeploymentComplete(V1Deployment d, V1DeploymentStatus status)
        => (status.UpdatedReplicas ?? 0) == Replicas(d) && (status.Replicas ?? 0) == Replicas(d)
            && (status.AvailableReplicas ?? 0) == Replicas(d) && (status.ObservedGeneration ?? 0) >= (d.Metadata.Generation ?? 0);

    public static bool DeploymentProgressing(V1Deployment d, V1DeploymentStatus newStatus)
    {
        var old = d.Status ?? new V1DeploymentStatus();
        var oldStatusOldReplicas = (old.Replicas ?? 0) - (old.UpdatedReplicas ?? 0);
        var newStatusOldReplicas = (newStatus.Replicas ?? 0) - (newStatus.UpdatedReplicas ?? 0);
        return (newStatus.UpdatedReplicas ?? 0) > (old.UpdatedReplicas ?? 0)
            || newStatusOldReplicas < oldStatusOldReplicas
            || (newStatus.ReadyReplicas ?? 0) > (old.ReadyReplicas ?? 0)
            || (newStatus.AvailableReplicas ?? 0) > (old.AvailableReplicas ?? 0);
    }

    public static bool DeploymentTimedOut(V1Deployment d, V1DeploymentStatus newStatus, DateTimeOffset now)
    {
        if (!HasProgressDeadline(d))
        {
            return false;
        }

        var condition = DeploymentConditions.Get(newStatus, DeploymentConditions.Progressing);
        if (condition is null || condition.Reason == DeploymentConditions.NewRSAvailableReason)
        {
            return false;
        }

        if (condition.Reason == DeploymentConditions.TimedOutReason)
        {
            return true;
        }

        var from = condition.LastUpdateTime is DateTime t ? PodUtil.ToOffset(t) : DateTimeOffset.MinValue;
        return from.AddSeconds(d.Spec.ProgressDeadlineSeconds!.Value) < now;
    }

    /// <summary>Upstream FindActiveOrLatest: the one active ReplicaSet, or the newest when none is active.</summary>
    public static V1ReplicaSet? FindActiveOrLatest(V1ReplicaSet? newRS, IReadOnlyList<V1ReplicaSet> oldRSs)
    {
        if (newRS is null && oldRSs.Count == 0)
        {
            return null;
        }

        var newestFirst = ByCreation(oldRSs);
        newestFirst.Reverse();
        var active = FilterActive(newestFirst.Append(newRS));
        return active.Count switch
        {
            0 => newRS ?? newestFirst[0],
            1 => active[0],
            _ => null,
        };
    }

    /// <summary>How many replicas this ReplicaSet gains (or loses) when the deployment scales by <paramref name="toAdd"/>.</summary>
    public static int ReplicaSetProportion(V1ReplicaSet rs, V1Deployment d, int toAdd, int added)
    {
        if (Replicas(rs) == 0 || toAdd == 0 || toAdd == added)
        {
            return 0;
        }

        var fraction = ReplicaSetFraction(rs, d);
        var allowed = toAdd - added;
        return toAdd > 0 ? Math.Min(fraction, allowed) : Math.Max(fraction, allowed);
    }

    private static int ReplicaSetFraction(V1ReplicaSet rs, V1Deployment d)
    {
        if (Replicas(d) == 0)
        {
            return -Replicas(rs);
        }

        var maxReplicas = Replicas(d) + MaxSurge(d);
        var before = IntAnnotation(rs, MaxReplicasAnnotation) ?? 0;
        if (before == 0)
        {
            // Without the annotation (edited away, or a ReplicaSet older than it) fall back to the deployment's size.
            before = d.Status?.Replicas ?? 0;
            if (before == 0)
            {
                return 0;
            }
        }

        var size = (double)Replicas(rs) * maxReplicas / before;
        return (int)Math.Round(size, MidpointRounding.AwayFromZero) - Replicas(rs);
    }
}
