using KubeSharp.Api.Selectors;

namespace KubeSharp.ApiServer.Registry;

/// <summary>metav1.ListOptions as the registry uses them.</summary>
internal sealed record ListOptions
{
    public LabelSelector Labels { get; init; } = LabelSelector.Parse(null);

    public FieldSelector Fields { get; init; } = FieldSelector.Parse(null);

    public int Limit { get; init; }

    public string? Continue { get; init; }

    /// <summary>"" (most recent), "0" (any), or a revision.</summary>
    public string ResourceVersion { get; init; } = "";

    /// <summary>"", NotOlderThan or Exact.</summary>
    public string ResourceVersionMatch { get; init; } = "";

    public bool AllowWatchBookmarks { get; init; }

    public bool? SendInitialEvents { get; init; }

    public TimeSpan? Timeout { get; init; }
}
