namespace KubeSharp.Client;

/// <summary>An item waiting in <see cref="WorkQueue{T}.AddAfter"/> until its timer fires.</summary>
internal sealed class DelayedItem
{
    public DelayedItem(DateTimeOffset readyAt) => ReadyAt = readyAt;

    public DateTimeOffset ReadyAt { get; }

    public ITimer? Timer { get; set; }
}
