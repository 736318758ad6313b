using k8s.Models;
using KubeSharp.Controllers.Common;

namespace KubeSharp.Controllers.Deployment;

/// <summary>Deployment condition types, reasons and messages as upstream's deployment_util words them.</summary>
internal static class DeploymentConditions
{
    public const string Available = "Available";
    public const string Progressing = "Progressing";
    public const string ReplicaFailure = "ReplicaFailure";

    public const string NewRSReason = "NewReplicaSetCreated";
    public const string FoundNewRSReason = "FoundNewReplicaSet";
    public const string NewRSAvailableReason = "NewReplicaSetAvailable";
    public const string RSUpdatedReason = "ReplicaSetUpdated";
    public const string TimedOutReason = "ProgressDeadlineExceeded";
    public const string PausedDeployReason = "DeploymentPaused";
    public const string ResumedDeployReason = "DeploymentResumed";
    public const string FailedRSCreateReason = "ReplicaSetCreateError";
    public const string MinimumReplicasAvailable = "MinimumReplicasAvailable";
    public const string MinimumReplicasUnavailable = "MinimumReplicasUnavailable";

    public static V1DeploymentCondition New(string type, string status, string reason, string message, DateTimeOffset now)
        => new()
        {
            Type = type,
            Status = status,
            Reason = reason,
            Message = message,
            LastUpdateTime = PodUtil.ToModelTime(now),
            LastTransitionTime = PodUtil.ToModelTime(now),
        };

    public static V1DeploymentCondition? Get(V1DeploymentStatus? status, string type)
        => status?.Conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>
    /// Upstream SetDeploymentCondition: no change when status and reason are the same; the transition time is kept
    /// when only the reason changes.
    /// </summary>
    public static void Set(V1DeploymentStatus status, V1DeploymentCondition condition)
    {
        var current = Get(status, condition.Type);
        if (current is not null && current.Status == condition.Status && current.Reason == condition.Reason)
        {
            return;
        }

        if (current is not null && current.Status == condition.Status)
        {
            condition.LastTransitionTime = current.LastTransitionTime;
        }

        Remove(status, condition.Type);
        status.Conditions ??= [];
        status.Conditions.Add(condition);
    }

    public static void Remove(V1DeploymentStatus status, string type)
    {
        if (status.Conditions is null)
        {
            return;
        }

        status.Conditions = status.Conditions.Where(c => c.Type != type).ToList();
    }
}
