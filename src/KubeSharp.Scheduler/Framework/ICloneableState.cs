namespace KubeSharp.Scheduler.Framework;

/// <summary>Cycle state that PreFilter extensions mutate, so preemption's dry runs need their own copy.</summary>
internal interface ICloneableState
{
    object Clone();
}
