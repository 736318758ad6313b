namespace KubeSharp.Kubelet.Prober.Probes;

/// <summary>One probe attempt: its result and the output shown in events.</summary>
internal sealed record ProbeOutcome(ProbeOutcomeKind Kind, string Output)
{
    public static ProbeOutcome Success(string output) => new(ProbeOutcomeKind.Success, output);

    public static ProbeOutcome Warning(string output) => new(ProbeOutcomeKind.Warning, output);

    public static ProbeOutcome Failure(string output) => new(ProbeOutcomeKind.Failure, output);
}
