using System.Globalization;
using k8s;
using k8s.Models;
using KubeSharp.Controllers.Common;
using static KubeSharp.Controllers.Job.JobConstants;

namespace KubeSharp.Controllers.Job;

/// <summary>
/// Decisions of upstream's Job controller (pkg/controller/job/job_controller.go) with pod tracking by finalizers,
/// the default podReplacementPolicy (terminating pods count as failed), FailureTarget / SuccessCriteriaMet before
/// the terminal Failed / Complete conditions (1.31+), NonIndexed and Indexed completion modes.
/// </summary>
internal static class JobPlanner
{
    public static V1OwnerReference ControllerRef(V1Job job) => ControllerRefs.NewControllerRef(job.Metadata, "batch/v1", "Job");

    public static bool IsIndexed(V1Job job) => job.Spec.CompletionMode == "Indexed";

    public static JobPlan Plan(V1Job job, IReadOnlyList<V1Pod> pods, DateTimeOffset now)
    {
        var claim = ControllerRefs.Claim(job.Metadata, job.Spec.Selector, pods);
        var owned = claim.Owned;
        var status = ModelCopy.Clone(job.Status ?? new V1JobStatus());
        var completions = job.Spec.Completions;
        var indexed = IsIndexed(job) && completions is not null;
        var completedIndexes = indexed ? CompletedIndexes.Parse(status.CompletedIndexes, completions!.Value) : [];

        var removeFinalizer = TrackFinishedPods(status, owned, completedIndexes, indexed);
        if (indexed)
        {
            status.CompletedIndexes = CompletedIndexes.Format(completedIndexes);
        }

        var succeeded = (status.Succeeded ?? 0) + (status.UncountedTerminatedPods?.Succeeded?.Count ?? 0);
        var failed = (status.Failed ?? 0) + (status.UncountedTerminatedPods?.Failed?.Count ?? 0);
        var active = owned.Where(PodUtil.IsActive).ToList();
        var terminating = owned.Count(p => p.Metadata.DeletionTimestamp is not null && p.Status?.Phase is not ("Succeeded" or "Failed"));
        status.Ready = active.Count(PodUtil.IsReady);
        status.Terminating = terminating;

        if (IsFinished(status))
        {
            status.Active = 0;
            return Result(job, claim, [], [], removeFinalizer, status, null);
        }

        var toDelete = new List<V1Pod>();
        var toCreate = new List<V1Pod>();
        TimeSpan? requeue = null;
        if (job.Spec.Suspend == true)
        {
            SetCondition(status, Suspended, "True", JobSuspendedReason, "Job suspended", now);
            toDelete.AddRange(active);
            status.Active = 0;
            return Result(job, claim, [], toDelete, removeFinalizer, status, null);
        }

        if (FindCondition(status, Suspended) is { Status: "True" })
        {
            SetCondition(status, Suspended, "False", JobResumedReason, "Job resumed", now);
            status.StartTime = PodUtil.ToModelTime(now);
        }

        status.StartTime ??= PodUtil.ToModelTime(now);

        if (FindCondition(status, FailureTarget) is null && FindCondition(status, SuccessCriteriaMet) is null)
        {
            var backoffLimit = job.Spec.BackoffLimit ?? 6;
            if (failed > backoffLimit || PastBackoffLimitOnFailure(job, active))
            {
                SetCondition(status, FailureTarget, "True", BackoffLimitExceeded, BackoffLimitExceededMessage, now);
            }
            else if (job.Spec.ActiveDeadlineSeconds is long deadline)
            {
                var elapsed = now - PodUtil.ToOffset(status.StartTime.Value);
                if (elapsed >= TimeSpan.FromSeconds(deadline))
                {
                    SetCondition(status, FailureTarget, "True", DeadlineExceeded, DeadlineExceededMessage, now);
                }
                else
                {
                    requeue = TimeSpan.FromSeconds(deadline) - elapsed;
                }
            }

            var complete = indexed
                ? completedIndexes.Count >= completions!.Value
                : completions is int c ? succeeded >= c : succeeded > 0 && active.Count == 0;
            if (FindCondition(status, FailureTarget) is null && complete)
            {
                SetCondition(status, SuccessCriteriaMet, "True", CompletionsReached, CompletionsReachedMessage, now);
            }
        }

        if (FindCondition(status, FailureTarget) is { } failure)
        {
            // Pods go first; the terminal condition waits until none is running or still being counted.
            toDelete.AddRange(active);
            if (active.Count == 0 && terminating == 0 && removeFinalizer.Count == 0 && NoUncounted(status))
            {
                SetCondition(status, Failed, "True", failure.Reason, failure.Message, now);
            }

            status.Active = active.Count;
            return Result(job, claim, [], toDelete, removeFinalizer, status, null);
        }

        if (FindCondition(status, SuccessCriteriaMet) is not null)
        {
            toDelete.AddRange(active);
            if (active.Count == 0 && terminating == 0 && removeFinalizer.Count == 0 && NoUncounted(status))
            {
                SetCondition(status, Complete, "True", CompletionsReached, CompletionsReachedMessage, now);
                status.CompletionTime = PodUtil.ToModelTime(now);
            }

            status.Active = active.Count;
            return Result(job, claim, [], toDelete, removeFinalizer, status, null);
        }

        var parallelism = job.Spec.Parallelism ?? 1;
        int wantActive;
        if (completions is null)
        {
            wantActive = succeeded > 0 ? active.Count : parallelism;
        }
        else
        {
            var done = indexed ? completedIndexes.Count : succeeded;
            wantActive = Math.Clamp(completions.Value - done, 0, parallelism);
        }

        var removeAtLeast = Math.Max(0, active.Count - wantActive);
        toDelete.AddRange(PodsForRemoval(job, active, completedIndexes, indexed, removeAtLeast, now).Take(MaxPodCreateDeletePerSync));
        if (toDelete.Count == 0 && active.Count < wantActive)
        {
            var wait = RemainingBackoff(owned, now);
            if (wait > TimeSpan.Zero)
            {
                requeue = requeue is null || wait < requeue ? wait : requeue;
            }
            else
            {
                var diff = Math.Min(wantActive - active.Count, MaxPodCreateDeletePerSync);
                if (indexed)
                {
                    foreach (var index in PendingIndexes(active, completedIndexes, completions!.Value).Take(diff))
                    {
                        toCreate.Add(NewPod(job, index));
                    }
                }
                else
                {
                    for (var i = 0; i < diff; i++)
                    {
                        toCreate.Add(NewPod(job, null));
                    }
                }
            }
        }

        status.Active = active.Count;
        return Result(job, claim, toCreate, toDelete, removeFinalizer, status, requeue);
    }

    /// <summary>The pod the controller creates (index null for NonIndexed jobs).</summary>
    public static V1Pod NewPod(V1Job job, int? index)
    {
        var pod = PodTemplates.NewPod(job.Spec.Template, job.Metadata, ControllerRef(job));
        pod.Metadata.Labels ??= new Dictionary<string, string>();
        pod.Metadata.Labels.TryAdd(ControllerUidLabel, job.Metadata.Uid);
        pod.Metadata.Labels.TryAdd(JobNameLabel, job.Metadata.Name);
        pod.Metadata.Labels.TryAdd(LegacyControllerUidLabel, job.Metadata.Uid);
        pod.Metadata.Labels.TryAdd(LegacyJobNameLabel, job.Metadata.Name);
        pod.Metadata.Finalizers ??= [];
        if (!pod.Metadata.Finalizers.Contains(TrackingFinalizer))
        {
            pod.Metadata.Finalizers.Add(TrackingFinalizer);
        }

        if (index is int i)
        {
            var text = i.ToString(CultureInfo.InvariantCulture);
            pod.Metadata.GenerateName = $"{job.Metadata.Name}-{text}-";
            pod.Metadata.Annotations ??= new Dictionary<string, string>();
            pod.Metadata.Annotations[CompletionIndexAnnotation] = text;
            pod.Metadata.Labels[CompletionIndexLabel] = text;
            if (string.IsNullOrEmpty(pod.Spec.Hostname))
            {
                pod.Spec.Hostname = $"{job.Metadata.Name}-{text}";
            }

            foreach (var container in (pod.Spec.InitContainers ?? []).Concat(pod.Spec.Containers ?? []))
            {
                container.Env ??= [];
                if (container.Env.All(e => e.Name != CompletionIndexEnv))
                {
                    container.Env.Add(new V1EnvVar
                    {
                        Name = CompletionIndexEnv,
                        ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = $"metadata.annotations['{CompletionIndexAnnotation}']" } },
                    });
                }
            }
        }

        return pod;
    }

    /// <summary>The completion index of a pod, or null when missing or malformed.</summary>
    public static int? CompletionIndex(V1Pod pod)
    {
        var text = Maps.Get(pod.Metadata?.Annotations, CompletionIndexAnnotation) ?? Maps.Get(pod.Metadata?.Labels, CompletionIndexLabel);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : null;
    }

    /// <summary>Upstream backoff: 10 s doubled per failure since the last success, at most 6 min, from the last failure.</summary>
    public static TimeSpan RemainingBackoff(IReadOnlyList<V1Pod> pods, DateTimeOffset now)
    {
        var lastSuccess = pods.Where(p => p.Status?.Phase == "Succeeded").Select(FinishedAt).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
        var failures = pods.Where(p => p.Status?.Phase == "Failed" && FinishedAt(p) > lastSuccess).Select(FinishedAt).ToList();
        if (failures.Count == 0)
        {
            return TimeSpan.Zero;
        }

        var backoff = failures.Count > 6 ? MaxBackoff : DefaultBackoff * Math.Pow(2, failures.Count - 1);
        if (backoff > MaxBackoff)
        {
            backoff = MaxBackoff;
        }

        var remaining = backoff - (now - failures.Max());
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    /// <summary>When a finished Job with ttlSecondsAfterFinished may be deleted.</summary>
    public static DateTimeOffset? TtlExpiresAt(V1Job job, V1JobStatus? status)
    {
        if (job.Spec.TtlSecondsAfterFinished is not int ttl || status is null)
        {
            return null;
        }

        var finished = status.Conditions?.FirstOrDefault(c => c.Type is Complete or Failed && c.Status == "True");
        if (finished is null)
        {
            return null;
        }

        var at = status.CompletionTime ?? finished.LastTransitionTime;
        return at is DateTime t ? PodUtil.ToOffset(t).AddSeconds(ttl) : null;
    }

    public static bool IsFinished(V1JobStatus? status)
        => status?.Conditions?.Any(c => c.Type is Complete or Failed && c.Status == "True") == true;

    private static JobPlan Result(V1Job job, ClaimResult<V1Pod> claim, List<V1Pod> create, List<V1Pod> delete, List<V1Pod> removeFinalizer, V1JobStatus status, TimeSpan? requeue)
    {
        if (status.Conditions is { Count: 0 })
        {
            status.Conditions = null;
        }

        var changed = KubernetesJson.Serialize(status) != KubernetesJson.Serialize(job.Status ?? new V1JobStatus());
        return new JobPlan(claim.Adopt, claim.Release, create, SlowStart.Batches(create.Count), delete.DistinctBy(p => p.Metadata.Uid).ToList(),
            removeFinalizer, changed ? status : null, requeue, TtlExpiresAt(job, status));
    }

    // Finished pods still holding the tracking finalizer are recorded in uncountedTerminatedPods before their
    // finalizer goes; once the finalizer is gone they move to the succeeded/failed counts. That order never
    // loses or double-counts a pod across crashes.
    private static List<V1Pod> TrackFinishedPods(V1JobStatus status, IReadOnlyList<V1Pod> owned, SortedSet<int> completedIndexes, bool indexed)
    {
        var uncounted = status.UncountedTerminatedPods ?? new V1UncountedTerminatedPods();
        var uncountedSucceeded = (uncounted.Succeeded ?? []).ToList();
        var uncountedFailed = (uncounted.Failed ?? []).ToList();
        var withFinalizer = owned.Where(p => p.Metadata.Finalizers?.Contains(TrackingFinalizer) == true).ToDictionary(p => p.Metadata.Uid);

        var countedSucceeded = uncountedSucceeded.Where(uid => !withFinalizer.ContainsKey(uid)).ToList();
        var countedFailed = uncountedFailed.Where(uid => !withFinalizer.ContainsKey(uid)).ToList();
        status.Succeeded = (status.Succeeded ?? 0) + countedSucceeded.Count;
        status.Failed = (status.Failed ?? 0) + countedFailed.Count;
        uncountedSucceeded.RemoveAll(countedSucceeded.Contains);
        uncountedFailed.RemoveAll(countedFailed.Contains);

        var removeFinalizer = new List<V1Pod>();
        foreach (var pod in withFinalizer.Values)
        {
            var phase = pod.Status?.Phase;
            var podSucceeded = phase == "Succeeded";
            var podFailed = phase == "Failed" || (pod.Metadata.DeletionTimestamp is not null && !podSucceeded);
            if (!podSucceeded && !podFailed)
            {
                continue;
            }

            removeFinalizer.Add(pod);
            if (uncountedSucceeded.Contains(pod.Metadata.Uid) || uncountedFailed.Contains(pod.Metadata.Uid))
            {
                continue;
            }

            if (podSucceeded)
            {
                if (indexed && CompletionIndex(pod) is int index)
                {
                    completedIndexes.Add(index);
                }

                uncountedSucceeded.Add(pod.Metadata.Uid);
            }
            else
            {
                uncountedFailed.Add(pod.Metadata.Uid);
            }
        }

        status.UncountedTerminatedPods = uncountedSucceeded.Count + uncountedFailed.Count == 0 ? null
            : new V1UncountedTerminatedPods { Succeeded = uncountedSucceeded, Failed = uncountedFailed };
        return removeFinalizer;
    }

    private static bool NoUncounted(V1JobStatus status)
        => (status.UncountedTerminatedPods?.Succeeded?.Count ?? 0) + (status.UncountedTerminatedPods?.Failed?.Count ?? 0) == 0;

    // restartPolicy OnFailure retries in place: the container restarts count against the backoff limit.
    private static bool PastBackoffLimitOnFailure(V1Job job, IReadOnlyList<V1Pod> active)
    {
        if (job.Spec.Template.Spec.RestartPolicy != "OnFailure")
        {
            return false;
        }

        var restarts = active.Sum(p => (p.Status?.InitContainerStatuses ?? []).Concat(p.Status?.ContainerStatuses ?? []).Sum(s => s.RestartCount));
        var limit = job.Spec.BackoffLimit ?? 6;
        return limit == 0 ? restarts > 0 : restarts >= limit;
    }

    private static IEnumerable<V1Pod> PodsForRemoval(V1Job job, List<V1Pod> active, SortedSet<int> completedIndexes, bool indexed, int removeAtLeast, DateTimeOffset now)
    {
        var removal = new List<V1Pod>();
        var rest = active;
        if (indexed)
        {
            // Pods without a valid index, with a completed index or duplicating another pod's index go regardless.
            var seen = new HashSet<int>();
            rest = [];
            foreach (var pod in active.OrderBy(p => p.Metadata.CreationTimestamp ?? DateTime.MinValue))
            {
                var index = CompletionIndex(pod);
                if (index is not int i || i >= job.Spec.Completions || completedIndexes.Contains(i) || !seen.Add(i))
                {
                    removal.Add(pod);
                }
                else
                {
                    rest.Add(pod);
                }
            }
        }

        var more = removeAtLeast - removal.Count;
        if (more > 0)
        {
            removal.AddRange(ActivePodsRanking.PodsToDelete(rest, rest, more, now));
        }

        return removal;
    }

    private static IEnumerable<int> PendingIndexes(List<V1Pod> active, SortedSet<int> completedIndexes, int completions)
    {
        var activeIndexes = active.Select(CompletionIndex).Where(i => i is not null).Select(i => i!.Value).ToHashSet();
        return Enumerable.Range(0, completions).Where(i => !completedIndexes.Contains(i) && !activeIndexes.Contains(i));
    }

    private static DateTimeOffset FinishedAt(V1Pod pod)
    {
        var finished = (pod.Status?.ContainerStatuses ?? []).Select(s => s.State?.Terminated?.FinishedAt).Where(t => t is not null).Select(t => PodUtil.ToOffset(t!.Value)).ToList();
        if (finished.Count > 0)
        {
            return finished.Max();
        }

        var fallback = pod.Metadata.DeletionTimestamp ?? PodUtil.ReadyCondition(pod)?.LastTransitionTime ?? pod.Metadata.CreationTimestamp;
        return fallback is DateTime t ? PodUtil.ToOffset(t) : DateTimeOffset.MinValue;
    }

    private static V1JobCondition? FindCondition(V1JobStatus status, string type)
        => status.Conditions?.FirstOrDefault(c => c.Type == type);

    private static void SetCondition(V1JobStatus status, string type, string value, string? reason, string? message, DateTimeOffset now)
    {
        var existing = FindCondition(status, type);
        if (existing is not null && existing.Status == value && existing.Reason == reason && existing.Message == message)
        {
            return;
        }

        status.Conditions ??= [];
        if (existing is not null)
        {
            status.Conditions.Remove(existing);
        }

        status.Conditions.Add(new V1JobCondition
        {
            Type = type,
            Status = value,
            Reason = reason,
            Message = message,
            LastProbeTime = PodUtil.ToModelTime(now),
            LastTransitionTime = existing is not null && existing.Status == value ? existing.LastTransitionTime : PodUtil.ToModelTime(now),
        });
    }
}
