using k8s.Models;
using KubeSharp.Kubelet.Kuberuntime;
using KubeSharp.Kubelet.Prober;
using KubeSharp.Kubelet.Sources;
using KubeSharp.Kubelet.Status;
using KubeSharp.Kubelet.Volumes;

namespace KubeSharp.Kubelet.PodWorkers;

/// <summary>
/// The kubelet's per-pod sync functions (upstream's Kubelet.SyncPod, SyncTerminatingPod and SyncTerminatedPod): status from
/// the runtime, volumes, probes, image pull secrets, and the runtime manager's sync or kill.
/// </summary>
internal sealed class PodSyncer(
    KubeRuntimeManager runtime,
    StatusManager statuses,
    IVolumeManager? volumes,
    IProbeManager? probes,
    IPodObjectSource? objects,
    IPodEvents events,
    ProbeFailures probeFailures,
    PodKills kills,
    TimeProvider time) : IPodSyncer
{
    public const string DeadlineExceededReason = "DeadlineExceeded";
    public const string DeadlineExceededMessage = "Pod was active on the node longer than the specified deadline";

    public async Task<bool> SyncPodAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        if (kills.Get(pod.Metadata.Uid) is not null)
        {
            return true;
        }

        if (ActiveDeadlinePassed(pod, time.GetUtcNow())
            && kills.Request(pod.Metadata.Uid, new PodKillRequest(DeadlineExceededReason, DeadlineExceededMessage, null, DisruptionTarget: false)))
        {
            events.Event(pod, "Normal", DeadlineExceededReason, DeadlineExceededMessage);
            return true;
        }

        var runtimeStatus = await GetRuntimeStatusAsync(pod, cancellationToken).ConfigureAwait(false);
        var status = Generate(pod, runtimeStatus, podIsTerminal: false);
        statuses.SetPodStatus(pod, status);
        if (PodPhases.IsTerminal(status.Phase))
        {
            return true;
        }

        PodVolumes? podVolumes = null;
        if (volumes is not null)
        {
            try
            {
                podVolumes = await volumes.SetUpPodVolumesAsync(pod, cancellationToken).ConfigureAwait(false);
            }
            catch (VolumeSetupException e)
            {
                events.Event(pod, "Warning", "FailedMount", e.Message);
                throw new PodSyncException(e.Message, e);
            }
        }

        probes?.AddPod(pod);
        var pullSecrets = await PullSecretsAsync(pod, cancellationToken).ConfigureAwait(false);
        var result = await runtime.SyncPodAsync(pod, runtimeStatus, pullSecrets, probeFailures.For(pod.Metadata.Uid), podVolumes, cancellationToken)
            .ConfigureAwait(false);

        runtimeStatus = await GetRuntimeStatusAsync(pod, cancellationToken).ConfigureAwait(false);
        status = Generate(pod, runtimeStatus, podIsTerminal: false);
        statuses.SetPodStatus(pod, status);
        if (PodPhases.IsTerminal(status.Phase))
        {
            return true;
        }

        if (!result.Succeeded)
        {
            throw new PodSyncException(result.ToString());
        }

        return false;
    }

    public async Task SyncTerminatingPodAsync(V1Pod pod, long? gracePeriodSeconds, CancellationToken cancellationToken)
    {
        var kill = kills.Get(pod.Metadata.Uid);
        var runtimeStatus = await GetRuntimeStatusAsync(pod, cancellationToken).ConfigureAwait(false);
        await runtime.KillPodAsync(pod, runtimeStatus, kill?.GracePeriodOverride ?? gracePeriodSeconds, cancellationToken).ConfigureAwait(false);
        probes?.RemovePod(pod);
        probeFailures.RemovePod(pod.Metadata.Uid);
        runtimeStatus = await GetRuntimeStatusAsync(pod, cancellationToken).ConfigureAwait(false);
        if (runtimeStatus.HasRunningContainers)
        {
            throw new PodSyncException($"pod {PodSpecs.Format(pod)} still has running containers");
        }

        var status = Generate(pod, runtimeStatus, podIsTerminal: true);
        if (kill is not null)
        {
            ApplyKill(status, kill, time.GetUtcNow());
        }

        statuses.SetPodStatus(pod, status);
    }

    /// <summary>Whether the pod has run longer than spec.activeDeadlineSeconds since its start time (upstream's activeDeadlineHandler).</summary>
    public static bool ActiveDeadlinePassed(V1Pod pod, DateTimeOffset now) =>
        pod.Spec.ActiveDeadlineSeconds is { } seconds && pod.Status?.StartTime is { } started
        && now - new DateTimeOffset(DateTime.SpecifyKind(started, DateTimeKind.Utc)) >= TimeSpan.FromSeconds(seconds);

    /// <summary>The final status of a pod the kubelet ended: Failed with the request's reason, as upstream's PodStatusFunc.</summary>
    private static void ApplyKill(V1PodStatus status, PodKillRequest kill, DateTimeOffset now)
    {
        status.Phase = PodPhases.Failed;
        status.Reason = kill.Reason;
        status.Message = kill.Message;
        if (kill.DisruptionTarget)
        {
            status.Conditions = [.. (status.Conditions ?? []).Where(c => c.Type != "DisruptionTarget"), new V1PodCondition
            {
                Type = "DisruptionTarget",
                Status = "True",
                Reason = "TerminationByKubelet",
                Message = kill.Message,
                LastTransitionTime = KubeTime.Seconds(now),
            }];
        }
    }

    public async Task SyncTerminatedPodAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        if (volumes is not null)
        {
            await volumes.TearDownPodVolumesAsync(pod.Metadata.Uid, cancellationToken).ConfigureAwait(false);
        }

        if (pod.Metadata.DeletionTimestamp is not null)
        {
            // The pod object is going away: nothing will ask for its containers' logs or status again.
            var runtimeStatus = await GetRuntimeStatusAsync(pod, cancellationToken).ConfigureAwait(false);
            await runtime.RemovePodAsync(runtimeStatus, cancellationToken).ConfigureAwait(false);
        }

        statuses.MarkTerminated(pod);
    }

    private Task<PodRuntimeStatus> GetRuntimeStatusAsync(V1Pod pod, CancellationToken cancellationToken) =>
        runtime.GetPodStatusAsync(pod.Metadata.Uid, pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken);

    private V1PodStatus Generate(V1Pod pod, PodRuntimeStatus runtimeStatus, bool podIsTerminal)
    {
        // The status manager's copy is newer than the informer's when a write is still on its way.
        var basis = statuses.GetPodStatus(pod.Metadata.Uid) is { } cached ? WithStatus(pod, cached) : pod;
        return PodStatusGenerator.Generate(basis, runtimeStatus, runtime.Reasons, runtime.RuntimeName, runtime.Options.NodeIp,
            time.GetUtcNow(), podIsTerminal, probes is null ? null : s => probes.UpdatePodStatus(pod, s));
    }

    private static V1Pod WithStatus(V1Pod pod, V1PodStatus cached)
    {
        var stored = pod.Status;
        if (stored is not null && PodPhases.IsTerminal(stored.Phase))
        {
            return pod;
        }

        var merged = StatusManager.Merge(stored ?? new V1PodStatus(), cached);
        return new V1Pod { ApiVersion = pod.ApiVersion, Kind = pod.Kind, Metadata = pod.Metadata, Spec = pod.Spec, Status = merged };
    }

    private async Task<IReadOnlyList<V1Secret>> PullSecretsAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        var secrets = new List<V1Secret>();
        if (objects is null)
        {
            return secrets;
        }

        foreach (var reference in pod.Spec.ImagePullSecrets ?? [])
        {
            if (await objects.GetSecretAsync(pod.Metadata.NamespaceProperty, reference.Name, cancellationToken).ConfigureAwait(false) is { } secret)
            {
                secrets.Add(secret);
            }
        }

        return secrets;
    }
}
