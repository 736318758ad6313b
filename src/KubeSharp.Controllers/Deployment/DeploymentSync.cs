using System.Globalization;
using k8s;
using k8s.Models;
using KubeSharp.Controllers.Common;
using static KubeSharp.Controllers.Deployment.DeploymentUtil;

namespace KubeSharp.Controllers.Deployment;

/// <summary>
/// The working state of one <see cref="DeploymentPlanner.Plan"/>: upstream mutates the deployment and the
/// ReplicaSets it has written as it goes, so this works on copies and records which were changed.
/// </summary>
internal sealed class DeploymentSync
{
    private readonly V1Deployment _original;
    private readonly V1Deployment _d;
    private readonly IReadOnlyList<V1ReplicaSet> _namespaceReplicaSets;
    private readonly IReadOnlyList<V1Pod> _pods;
    private readonly DateTimeOffset _now;
    private readonly List<V1ReplicaSet> _rsList = [];
    private readonly List<V1ReplicaSet> _updated = [];
    private readonly List<V1ReplicaSet> _deleted = [];
    private readonly List<PlannedEvent> _events = [];
    private IReadOnlyList<V1ReplicaSet> _adopt = [];
    private IReadOnlyList<V1ReplicaSet> _release = [];
    private V1ReplicaSet? _created;
    private bool _statusDirty;
    private TimeSpan? _requeue;

    public DeploymentSync(V1Deployment deployment, IReadOnlyList<V1ReplicaSet> replicaSets, IReadOnlyList<V1Pod> pods, DateTimeOffset now)
    {
        _original = deployment;
        _d = ModelCopy.Clone(deployment);
        _d.Status ??= new V1DeploymentStatus();
        _namespaceReplicaSets = replicaSets;
        _pods = pods;
        _now = now;
    }

    public DeploymentPlan Run()
    {
        if (LabelSelectors.IsEmpty(_d.Spec.Selector))
        {
            _events.Add(PlannedEvent.Warning("SelectingAll", "This deployment is selecting all pods. A non-empty selector is required."));
            if ((_d.Status.ObservedGeneration ?? 0) < (_d.Metadata.Generation ?? 0))
            {
                _d.Status.ObservedGeneration = _d.Metadata.Generation;
                _statusDirty = true;
            }

            return Result();
        }

        var claim = ControllerRefs.Claim(_d.Metadata, _d.Spec.Selector, _namespaceReplicaSets);
        _adopt = claim.Adopt;
        _release = claim.Release;
        _rsList.AddRange(claim.Owned.Select(ModelCopy.Clone));

        if (_d.Metadata.DeletionTimestamp is not null)
        {
            var (newRS, oldRSs) = GetAllReplicaSetsAndSyncRevision(createIfNotExisted: false);
            SyncDeploymentStatus(oldRSs.Append(newRS).ToList(), newRS);
            return Result();
        }

        CheckPausedConditions();
        if (_d.Spec.Paused == true || IsScalingEvent())
        {
            Sync();
        }
        else if (IsRollingUpdate(_d))
        {
            RolloutRolling();
        }
        else
        {
            RolloutRecreate();
        }

        return Result();
    }

    private DeploymentPlan Result()
    {
        var status = _statusDirty || !SameStatus(_d.Status, _original.Status) ? _d.Status : null;
        var revision = Maps.Get(_d.Metadata.Annotations, RevisionAnnotation);
        var oldRevision = Maps.Get(_original.Metadata.Annotations, RevisionAnnotation);
        return new DeploymentPlan(
            _adopt,
            _release,
            _created,
            _updated.Where(r => !ReferenceEquals(r, _created)).ToList(),
            _deleted,
            status,
            revision != oldRevision ? revision : null,
            _events,
            _requeue);
    }

    private static bool SameStatus(V1DeploymentStatus? a, V1DeploymentStatus? b)
        => KubernetesJson.Serialize(a ?? new V1DeploymentStatus()) == KubernetesJson.Serialize(b ?? new V1DeploymentStatus());

    private void CheckPausedConditions()
    {
        if (!HasProgressDeadline(_d))
        {
            return;
        }

        var condition = DeploymentConditions.Get(_d.Status, DeploymentConditions.Progressing);
        if (condition?.Reason == DeploymentConditions.TimedOutReason)
        {
            return;
        }

        var pausedConditionExists = condition?.Reason == DeploymentConditions.PausedDeployReason;
        if (_d.Spec.Paused == true && !pausedConditionExists)
        {
            DeploymentConditions.Set(_d.Status, DeploymentConditions.New(DeploymentConditions.Progressing, "Unknown", DeploymentConditions.PausedDeployReason, "Deployment is paused", _now));
        }
        else if (_d.Spec.Paused != true && pausedConditionExists)
        {
            DeploymentConditions.Set(_d.Status, DeploymentConditions.New(DeploymentConditions.Progressing, "Unknown", DeploymentConditions.ResumedDeployReason, "Deployment is resumed", _now));
        }
    }

    private bool IsScalingEvent()
    {
        var (newRS, oldRSs) = GetAllReplicaSetsAndSyncRevision(createIfNotExisted: false);
        return FilterActive(oldRSs.Append(newRS))
            .Any(rs => IntAnnotation(rs, DesiredReplicasAnnotation) is int desired && desired != Replicas(_d));
    }

    // Scaling or paused: resize proportionally, clean up history when paused, and report status.
    private void Sync()
    {
        var (newRS, oldRSs) = GetAllReplicaSetsAndSyncRevision(createIfNotExisted: false);
        Scale(newRS, oldRSs);
        if (_d.Spec.Paused == true)
        {
            CleanupDeployment(oldRSs);
        }

        SyncDeploymentStatus(oldRSs.Append(newRS).ToList(), newRS);
    }

    private void RolloutRolling()
    {
        var (newRS, oldRSs) = GetAllReplicaSetsAndSyncRevision(createIfNotExisted: true);
        var allRSs = oldRSs.Append(newRS).ToList();
        if (ReconcileNewReplicaSet(allRSs, newRS))
        {
            SyncRolloutStatus(allRSs, newRS);
            return;
        }

        if (ReconcileOldReplicaSets(allRSs, FilterActive(oldRSs), newRS))
        {
            SyncRolloutStatus(allRSs, newRS);
            return;
        }

        if (DeploymentComplete(_d, _d.Status))
        {
            CleanupDeployment(oldRSs);
        }

        SyncRolloutStatus(allRSs, newRS);
    }

    private void RolloutRecreate()
    {
        var (newRS, oldRSs) = GetAllReplicaSetsAndSyncRevision(createIfNotExisted: false);
        var allRSs = oldRSs.Append(newRS).ToList();
        var scaledDown = false;
        foreach (var rs in FilterActive(oldRSs))
        {
            scaledDown |= ScaleAndRecordEvent(rs, 0);
        }

        if (scaledDown || OldPodsRunning(newRS, oldRSs))
        {
            SyncRolloutStatus(allRSs, newRS);
            return;
        }

        if (newRS is null)
        {
            (newRS, oldRSs) = GetAllReplicaSetsAndSyncRevision(createIfNotExisted: true);
            allRSs = oldRSs.Append(newRS).ToList();
        }

        if (newRS is not null)
        {
            ScaleAndRecordEvent(newRS, Replicas(_d));
        }

        if (DeploymentComplete(_d, _d.Status))
        {
            CleanupDeployment(oldRSs);
        }

        SyncRolloutStatus(allRSs, newRS);
    }

    private bool OldPodsRunning(V1ReplicaSet? newRS, IReadOnlyList<V1ReplicaSet> oldRSs)
    {
        if (ActualReplicaCount(oldRSs) > 0)
        {
            return true;
        }

        var rsUids = _rsList.Where(r => newRS is null || r.Metadata.Uid != newRS.Metadata.Uid).Select(r => r.Metadata.Uid).ToHashSet();
        return _pods.Any(p => ControllerRefs.GetControllerOf(p.Metadata)?.Uid is { } uid && rsUids.Contains(uid)
            && p.Status?.Phase is not ("Failed" or "Succeeded"));
    }

    private (V1ReplicaSet? NewRS, List<V1ReplicaSet> OldRSs) GetAllReplicaSetsAndSyncRevision(bool createIfNotExisted)
    {
        var existing = FindNewReplicaSet(_d, _rsList);
        var oldRSs = _rsList.Where(r => !ReferenceEquals(r, existing)).ToList();
        var newRS = GetNewReplicaSet(existing, oldRSs, createIfNotExisted);
        return (newRS, oldRSs);
    }

    private V1ReplicaSet? GetNewReplicaSet(V1ReplicaSet? existing, List<V1ReplicaSet> oldRSs, bool createIfNotExisted)
    {
        var newRevision = (MaxRevision(oldRSs) + 1).ToString(CultureInfo.InvariantCulture);
        if (existing is not null)
        {
            var annotationsUpdated = SetNewReplicaSetAnnotations(_d, existing, newRevision, exists: true);
            var minReadySeconds = _d.Spec.MinReadySeconds ?? 0;
            if (annotationsUpdated || (existing.Spec.MinReadySeconds ?? 0) != minReadySeconds)
            {
                existing.Spec.MinReadySeconds = minReadySeconds;
                MarkUpdated(existing);
                return existing;
            }

            SetDeploymentRevision(Maps.Get(existing.Metadata.Annotations, RevisionAnnotation) ?? string.Empty);
            if (HasProgressDeadline(_d) && DeploymentConditions.Get(_d.Status, DeploymentConditions.Progressing) is null)
            {
                DeploymentConditions.Set(_d.Status, DeploymentConditions.New(
                    DeploymentConditions.Progressing, "True", DeploymentConditions.FoundNewRSReason, $"Found new replica set \"{existing.Metadata.Name}\"", _now));
            }

            return existing;
        }

        if (!createIfNotExisted)
        {
            return null;
        }

        var hash = PodTemplateHash.Compute(_d.Spec.Template, _d.Status.CollisionCount);
        var name = _d.Metadata.Name + "-" + hash;
        var clash = _namespaceReplicaSets.FirstOrDefault(r => r.Metadata.Name == name);
        if (clash is not null)
        {
            // Same name, but not our new ReplicaSet (else FindNewReplicaSet had found it): a hash collision.
            if (ControllerRefs.GetControllerOf(clash.Metadata)?.Uid == _d.Metadata.Uid && EqualIgnoreHash(_d.Spec.Template, clash.Spec.Template))
            {
                return null;
            }

            _d.Status.CollisionCount = (_d.Status.CollisionCount ?? 0) + 1;
            _statusDirty = true;
            _requeue = TimeSpan.Zero;
            return null;
        }

        var template = ModelCopy.Clone(_d.Spec.Template);
        template.Metadata ??= new V1ObjectMeta();
        template.Metadata.Labels = new Dictionary<string, string>(template.Metadata.Labels ?? new Dictionary<string, string>())
        {
            [PodTemplateHash.LabelKey] = hash,
        };
        var selector = ModelCopy.Clone(_d.Spec.Selector);
        selector.MatchLabels = new Dictionary<string, string>(selector.MatchLabels ?? new Dictionary<string, string>())
        {
            [PodTemplateHash.LabelKey] = hash,
        };
        var newRS = new V1ReplicaSet
        {
            ApiVersion = "apps/v1",
            Kind = "ReplicaSet",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = _d.Metadata.NamespaceProperty,
                OwnerReferences = [DeploymentPlanner.ControllerRef(_d)],
                Labels = new Dictionary<string, string>(template.Metadata.Labels),
            },
            Spec = new V1ReplicaSetSpec
            {
                Replicas = 0,
                MinReadySeconds = _d.Spec.MinReadySeconds ?? 0,
                Selector = selector,
                Template = template,
            },
        };
        newRS.Spec.Replicas = NewRSNewReplicas(_d, oldRSs.Append(newRS), newRS);
        SetNewReplicaSetAnnotations(_d, newRS, newRevision, exists: false);
        _created = newRS;
        _rsList.Add(newRS);
        if (Replicas(newRS) > 0)
        {
            _events.Add(PlannedEvent.Normal("ScalingReplicaSet", $"Scaled up replica set {newRS.Metadata.Name} from 0 to {Replicas(newRS)}"));
        }

        SetDeploymentRevision(newRevision);
        if (HasProgressDeadline(_d))
        {
            DeploymentConditions.Set(_d.Status, DeploymentConditions.New(
                DeploymentConditions.Progressing, "True", DeploymentConditions.NewRSReason, $"Created new replica set \"{newRS.Metadata.Name}\"", _now));
        }

        return newRS;
    }

    private void SetDeploymentRevision(string revision)
    {
        _d.Metadata.Annotations ??= new Dictionary<string, string>();
        if (Maps.Get(_d.Metadata.Annotations, RevisionAnnotation) != revision)
        {
            _d.Metadata.Annotations[RevisionAnnotation] = revision;
        }
    }

    private bool ReconcileNewReplicaSet(List<V1ReplicaSet?> allRSs, V1ReplicaSet? newRS)
    {
        if (newRS is null || Replicas(newRS) == Replicas(_d))
        {
            return false;
        }

        if (Replicas(newRS) > Replicas(_d))
        {
            return ScaleAndRecordEvent(newRS, Replicas(_d));
        }

        return ScaleAndRecordEvent(newRS, NewRSNewReplicas(_d, allRSs, newRS));
    }

    private bool ReconcileOldReplicaSets(List<V1ReplicaSet?> allRSs, List<V1ReplicaSet> oldRSs, V1ReplicaSet? newRS)
    {
        if (ReplicaCount(oldRSs) == 0)
        {
            return false;
        }

        var allPodsCount = ReplicaCount(allRSs);
        var minAvailable = Replicas(_d) - MaxUnavailable(_d);
        var newRSUnavailable = Replicas(newRS) - (newRS?.Status?.AvailableReplicas ?? 0);
        var maxScaledDown = allPodsCount - minAvailable - newRSUnavailable;
        if (maxScaledDown <= 0)
        {
            return false;
        }

        var cleanedUp = CleanupUnhealthyReplicas(oldRSs, maxScaledDown);
        var scaledDown = ScaleDownOldReplicaSetsForRollingUpdate(oldRSs.Append(newRS).ToList(), oldRSs);
        return cleanedUp + scaledDown > 0;
    }

    // Old ReplicaSets' unavailable pods go first: removing them costs no availability.
    private int CleanupUnhealthyReplicas(List<V1ReplicaSet> oldRSs, int maxCleanupCount)
    {
        var total = 0;
        foreach (var rs in ByCreation(oldRSs))
        {
            if (total >= maxCleanupCount)
            {
                break;
            }

            var available = rs.Status?.AvailableReplicas ?? 0;
            if (Replicas(rs) == 0 || Replicas(rs) == available)
            {
                continue;
            }

            var count = Math.Min(maxCleanupCount - total, Replicas(rs) - available);
            ScaleAndRecordEvent(rs, Replicas(rs) - count);
            total += count;
        }

        return total;
    }

    private int ScaleDownOldReplicaSetsForRollingUpdate(List<V1ReplicaSet?> allRSs, List<V1ReplicaSet> oldRSs)
    {
        var minAvailable = Replicas(_d) - MaxUnavailable(_d);
        var available = AvailableReplicaCount(allRSs);
        if (available <= minAvailable)
        {
            return 0;
        }

        var toScaleDown = available - minAvailable;
        var total = 0;
        foreach (var rs in ByCreation(oldRSs))
        {
            if (total >= toScaleDown)
            {
                break;
            }

            if (Replicas(rs) == 0)
            {
                continue;
            }

            var count = Math.Min(Replicas(rs), toScaleDown - total);
            ScaleAndRecordEvent(rs, Replicas(rs) - count);
            total += count;
        }

        return total;
    }

    private void Scale(V1ReplicaSet? newRS, List<V1ReplicaSet> oldRSs)
    {
        if (FindActiveOrLatest(newRS, oldRSs) is { } activeOrLatest)
        {
            if (Replicas(activeOrLatest) != Replicas(_d))
            {
                ScaleAndRecordEvent(activeOrLatest, Replicas(_d));
            }

            return;
        }

        if (IsSaturated(_d, newRS))
        {
            foreach (var old in FilterActive(oldRSs))
            {
                ScaleAndRecordEvent(old, 0);
            }

            return;
        }

        if (!IsRollingUpdate(_d))
        {
            return;
        }

        var allRSs = FilterActive(oldRSs.Append(newRS));
        var allowedSize = Replicas(_d) > 0 ? Replicas(_d) + MaxSurge(_d) : 0;
        var toAdd = allowedSize - ReplicaCount(allRSs);
        string operation;
        if (toAdd > 0)
        {
            // Scaling up: larger first; among equals the newer first.
            allRSs = allRSs.OrderByDescending(Replicas).ThenByDescending(r => r.Metadata.CreationTimestamp ?? DateTime.MinValue)
                .ThenByDescending(r => r.Metadata.Name, StringComparer.Ordinal).ToList();
            operation = "up";
        }
        else
        {
            // Scaling down: larger first; among equals the older first.
            allRSs = allRSs.OrderByDescending(Replicas).ThenBy(r => r.Metadata.CreationTimestamp ?? DateTime.MinValue)
                .ThenBy(r => r.Metadata.Name, StringComparer.Ordinal).ToList();
            operation = toAdd < 0 ? "down" : string.Empty;
        }

        var added = 0;
        var sizes = new int[allRSs.Count];
        for (var i = 0; i < allRSs.Count; i++)
        {
            var proportion = toAdd != 0 ? ReplicaSetProportion(allRSs[i], _d, toAdd, added) : 0;
            sizes[i] = Replicas(allRSs[i]) + proportion;
            added += proportion;
        }

        for (var i = 0; i < allRSs.Count; i++)
        {
            if (i == 0 && toAdd != 0)
            {
                sizes[0] = Math.Max(0, sizes[0] + toAdd - added);
            }

            ScaleReplicaSet(allRSs[i], sizes[i], operation);
        }
    }

    private bool ScaleAndRecordEvent(V1ReplicaSet rs, int newScale)
    {
        if (Replicas(rs) == newScale)
        {
            return false;
        }

        return ScaleReplicaSet(rs, newScale, Replicas(rs) < newScale ? "up" : "down");
    }

    private bool ScaleReplicaSet(V1ReplicaSet rs, int newScale, string operation)
    {
        var sizeNeedsUpdate = Replicas(rs) != newScale;
        var desired = Replicas(_d);
        var max = desired + MaxSurge(_d);
        if (!sizeNeedsUpdate && !ReplicasAnnotationsNeedUpdate(rs, desired, max))
        {
            return false;
        }

        var oldScale = Replicas(rs);
        rs.Spec.Replicas = newScale;
        SetReplicasAnnotations(rs, desired, max);
        MarkUpdated(rs);
        if (sizeNeedsUpdate)
        {
            _events.Add(PlannedEvent.Normal("ScalingReplicaSet", $"Scaled {operation} replica set {rs.Metadata.Name} from {oldScale} to {newScale}"));
        }

        return sizeNeedsUpdate;
    }

    private void MarkUpdated(V1ReplicaSet rs)
    {
        if (!_updated.Any(r => ReferenceEquals(r, rs)))
        {
            _updated.Add(rs);
        }
    }

    private void CleanupDeployment(List<V1ReplicaSet> oldRSs)
    {
        if (!HasRevisionHistoryLimit(_d))
        {
            return;
        }

        var cleanable = oldRSs.Where(r => r.Metadata.DeletionTimestamp is null && !ReferenceEquals(r, _created)).ToList();
        var diff = cleanable.Count - _d.Spec.RevisionHistoryLimit!.Value;
        if (diff <= 0)
        {
            return;
        }

        var byRevision = cleanable.OrderBy(Revision).ThenBy(r => r.Metadata.CreationTimestamp ?? DateTime.MinValue)
            .ThenBy(r => r.Metadata.Name, StringComparer.Ordinal).ToList();
        foreach (var rs in byRevision.Take(diff))
        {
            // Only ReplicaSets fully scaled down, whose controller has seen that, are history.
            if ((rs.Status?.Replicas ?? 0) != 0 || Replicas(rs) != 0 || (rs.Metadata.Generation ?? 0) > (rs.Status?.ObservedGeneration ?? 0))
            {
                continue;
            }

            _deleted.Add(rs);
        }
    }

    private V1DeploymentStatus CalculateStatus(List<V1ReplicaSet?> allRSs, V1ReplicaSet? newRS)
    {
        var available = AvailableReplicaCount(allRSs);
        var status = new V1DeploymentStatus
        {
            ObservedGeneration = _d.Metadata.Generation,
            Replicas = ActualReplicaCount(allRSs),
            UpdatedReplicas = ActualReplicaCount([newRS]),
            ReadyReplicas = ReadyReplicaCount(allRSs),
            AvailableReplicas = available,
            UnavailableReplicas = Math.Max(0, ReplicaCount(allRSs) - available),
            CollisionCount = _d.Status.CollisionCount,
            Conditions = (_d.Status.Conditions ?? []).Select(ModelCopy.Clone).ToList(),
        };
        if (available >= Replicas(_d) - MaxUnavailable(_d))
        {
            DeploymentConditions.Set(status, DeploymentConditions.New(
                DeploymentConditions.Available, "True", DeploymentConditions.MinimumReplicasAvailable, "Deployment has minimum availability.", _now));
        }
        else
        {
            DeploymentConditions.Set(status, DeploymentConditions.New(
                DeploymentConditions.Available, "False", DeploymentConditions.MinimumReplicasUnavailable, "Deployment does not have minimum availability.", _now));
        }

        return status;
    }

    private void SyncDeploymentStatus(List<V1ReplicaSet?> allRSs, V1ReplicaSet? newRS)
    {
        var status = CalculateStatus(allRSs, newRS);
        NormalizeConditions(status);
        _d.Status = status;
    }

    private void SyncRolloutStatus(List<V1ReplicaSet?> allRSs, V1ReplicaSet? newRS)
    {
        var newStatus = CalculateStatus(allRSs, newRS);
        if (!HasProgressDeadline(_d))
        {
            DeploymentConditions.Remove(newStatus, DeploymentConditions.Progressing);
        }

        var current = DeploymentConditions.Get(_d.Status, DeploymentConditions.Progressing);
        var isComplete = newStatus.Replicas == newStatus.UpdatedReplicas && current?.Reason == DeploymentConditions.NewRSAvailableReason;
        if (HasProgressDeadline(_d) && !isComplete)
        {
            var subject = newRS is null ? $"Deployment \"{_d.Metadata.Name}\"" : $"ReplicaSet \"{newRS.Metadata.Name}\"";
            if (DeploymentComplete(_d, newStatus))
            {
                DeploymentConditions.Set(newStatus, DeploymentConditions.New(
                    DeploymentConditions.Progressing, "True", DeploymentConditions.NewRSAvailableReason, $"{subject} has successfully progressed.", _now));
            }
            else if (DeploymentProgressing(_d, newStatus))
            {
                // Progress refreshes lastUpdateTime even with an unchanged reason; the transition time stays.
                var condition = DeploymentConditions.New(
                    DeploymentConditions.Progressing, "True", DeploymentConditions.RSUpdatedReason, $"{subject} is progressing.", _now);
                if (current is not null)
                {
                    if (current.Status == "True")
                    {
                        condition.LastTransitionTime = current.LastTransitionTime;
                    }

                    DeploymentConditions.Remove(newStatus, DeploymentConditions.Progressing);
                }

                DeploymentConditions.Set(newStatus, condition);
            }
            else if (DeploymentTimedOut(_d, newStatus, _now))
            {
                DeploymentConditions.Set(newStatus, DeploymentConditions.New(
                    DeploymentConditions.Progressing, "False", DeploymentConditions.TimedOutReason, $"{subject} has timed out progressing.", _now));
            }
        }

        var replicaFailure = allRSs.Select(r => r?.Status?.Conditions?.FirstOrDefault(c => c.Type == "ReplicaFailure")).FirstOrDefault(c => c is not null);
        if (replicaFailure is not null)
        {
            DeploymentConditions.Set(newStatus, new V1DeploymentCondition
            {
                Type = DeploymentConditions.ReplicaFailure,
                Status = replicaFailure.Status,
                Reason = replicaFailure.Reason,
                Message = replicaFailure.Message,
                LastUpdateTime = replicaFailure.LastTransitionTime,
                LastTransitionTime = replicaFailure.LastTransitionTime,
            });
        }
        else
        {
            DeploymentConditions.Remove(newStatus, DeploymentConditions.ReplicaFailure);
        }

        _requeue ??= RequeueStuckDeployment(newStatus);
        NormalizeConditions(newStatus);
        _d.Status = newStatus;
    }

    // Upstream requeueStuckDeployment: come back when the progress deadline would pass.
    private TimeSpan? RequeueStuckDeployment(V1DeploymentStatus newStatus)
    {
        var current = DeploymentConditions.Get(_d.Status, DeploymentConditions.Progressing);
        if (!HasProgressDeadline(_d) || current is null)
        {
            return null;
        }

        if (DeploymentComplete(_d, newStatus) || current.Reason == DeploymentConditions.TimedOutReason)
        {
            return null;
        }

        var lastUpdate = current.LastUpdateTime is DateTime t ? PodUtil.ToOffset(t) : _now;
        var after = lastUpdate.AddSeconds(_d.Spec.ProgressDeadlineSeconds!.Value) - _now;
        return after < TimeSpan.FromSeconds(1) ? TimeSpan.Zero : after;
    }

    private static void NormalizeConditions(V1DeploymentStatus status)
    {
        if (status.Conditions is { Count: 0 })
        {
            status.Conditions = null;
        }
    }
}
