namespace KubeSharp.Controllers.Namespace;

/// <summary>One pass of deleting a namespace's content: whether it is all gone, and how many seconds until what remains
/// may be (the longest pending pod grace period).</summary>
internal sealed record ContentDeletionResult(bool Complete, long EstimateSeconds, NamespaceConditionUpdater Conditions);
