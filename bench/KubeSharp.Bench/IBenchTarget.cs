namespace KubeSharp.Bench;

/// <summary>
/// What the workload drives: the raw store or the API server over HTTPS. Objects live in named sets (a key prefix in the
/// store, a namespace in the API), so that a list or a watch sees exactly one set.
/// </summary>
internal interface IBenchTarget
{
    /// <summary>Creates object <paramref name="index"/> of <paramref name="set"/>, remembering its revision for <see cref="UpdateAsync"/>.</summary>
    Task CreateAsync(string set, int index, CancellationToken cancellationToken);

    Task GetAsync(string set, int index, CancellationToken cancellationToken);

    /// <summary>Replaces object <paramref name="index"/>, conditional on the revision last seen for it.</summary>
    Task UpdateAsync(string set, int index, CancellationToken cancellationToken);

    /// <summary>Lists the whole set, in pages of <paramref name="pageSize"/> (0: one list); returns how many objects came back.</summary>
    Task<int> ListAsync(string set, int pageSize, CancellationToken cancellationToken);

    /// <summary>
    /// Watches <paramref name="set"/> from its current revision, calling <paramref name="onEvent"/> for every event. The
    /// outer task ends once every later write is sure to be seen; the inner one when <paramref name="events"/> events have arrived.
    /// </summary>
    Task<Task> WatchAsync(string set, int events, Action onEvent, CancellationToken cancellationToken);
}
