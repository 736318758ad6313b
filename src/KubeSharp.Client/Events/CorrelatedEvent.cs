namespace KubeSharp.Client;

/// <summary>The correlator's memory of one written Event.</summary>
internal sealed class CorrelatedEvent
{
    public required string Name { get; init; }

    public required DateTimeOffset FirstTimestamp { get; init; }

    public DateTimeOffset LastTimestamp { get; set; }

    public int Count { get; set; }
}
