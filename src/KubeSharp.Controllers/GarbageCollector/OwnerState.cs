namespace KubeSharp.Controllers.GarbageCollector;

/// <summary>How an owner reference of a dependent stands (upstream's classifyReferences).</summary>
internal enum OwnerState
{
    /// <summary>The owner exists and is not being deleted in the foreground.</summary>
    Solid,

    /// <summary>No object with the reference's uid exists.</summary>
    Dangling,

    /// <summary>The owner exists and waits, in foreground deletion, for its dependents to go.</summary>
    WaitingForDependentsDeletion,
}
