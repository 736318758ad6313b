using k8s.Models;

namespace KubeSharp.Controllers.GarbageCollector;

/// <summary>The finalizers through which the API server hands cascading deletion to the garbage collector.</summary>
internal static class Finalizers
{
    /// <summary>Set on DELETE with propagationPolicy=Orphan: dependents lose their owner reference first.</summary>
    public const string Orphan = "orphan";

    /// <summary>Set on DELETE with propagationPolicy=Foreground: dependents are deleted first.</summary>
    public const string ForegroundDeletion = "foregroundDeletion";

    public static bool Has(V1ObjectMeta meta, string finalizer) => meta.Finalizers?.Contains(finalizer) == true;

    public static bool IsDeletingDependents(V1ObjectMeta meta) => meta.DeletionTimestamp is not null && Has(meta, ForegroundDeletion);

    public static bool IsOrphaning(V1ObjectMeta meta) => meta.DeletionTimestamp is not null && Has(meta, Orphan);
}
