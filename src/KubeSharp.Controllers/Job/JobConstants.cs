namespace KubeSharp.Controllers.Job;

/// <summary>Labels, annotations, condition types and reasons of batch/v1 Jobs, as upstream names them.</summary>
internal static class JobConstants
{
    public const string TrackingFinalizer = "batch.kubernetes.io/job-tracking";
    public const string CompletionIndexAnnotation = "batch.kubernetes.io/job-completion-index";
    public const string CompletionIndexLabel = "batch.kubernetes.io/job-completion-index";
    public const string ControllerUidLabel = "batch.kubernetes.io/controller-uid";
    public const string JobNameLabel = "batch.kubernetes.io/job-name";
    public const string LegacyControllerUidLabel = "controller-uid";
    public const string LegacyJobNameLabel = "job-name";
    public const string CompletionIndexEnv = "JOB_COMPLETION_INDEX";

    public const string Complete = "Complete";
    public const string Failed = "Failed";
    public const string FailureTarget = "FailureTarget";
    public const string SuccessCriteriaMet = "SuccessCriteriaMet";
    public const string Suspended = "Suspended";

    public const string BackoffLimitExceeded = "BackoffLimitExceeded";
    public const string DeadlineExceeded = "DeadlineExceeded";
    public const string CompletionsReached = "CompletionsReached";
    public const string JobSuspendedReason = "JobSuspended";
    public const string JobResumedReason = "JobResumed";

    public const string BackoffLimitExceededMessage = "Job has reached the specified backoff limit";
    public const string DeadlineExceededMessage = "Job was active longer than specified deadline";
    public const string CompletionsReachedMessage = "Reached expected number of succeeded pods";

    /// <summary>Upstream DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff.</summary>
    public static readonly TimeSpan DefaultBackoff = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(6);

    public const int MaxPodCreateDeletePerSync = 500;
}
