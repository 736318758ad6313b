namespace KubeSharp.Scheduler.Framework;

/// <summary>Outcome of a plugin call, as upstream's framework.Code.</summary>
internal enum StatusCode
{
    Success,
    Error,
    Unschedulable,
    UnschedulableAndUnresolvable,
    Skip,
}
