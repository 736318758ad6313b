namespace KubeSharp.ApiServer.Registry;

/// <summary>metav1.DeleteOptions as the registry uses them.</summary>
internal sealed record DeleteOptions
{
    public long? GracePeriodSeconds { get; init; }

    /// <summary>Orphan, Background or Foreground (null: the resource's default).</summary>
    public string? PropagationPolicy { get; init; }

    public string? PreconditionUid { get; init; }

    public string? PreconditionResourceVersion { get; init; }

    public bool DryRun { get; init; }
}
