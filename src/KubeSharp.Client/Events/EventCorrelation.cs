namespace KubeSharp.Client;

/// <summary>What to write for one event: a new Event named <see cref="Name"/> (<see cref="IsNew"/>) or a count bump of it.</summary>
internal readonly record struct EventCorrelation(bool IsNew, string Name, int Count, DateTimeOffset FirstTimestamp, DateTimeOffset LastTimestamp);
