namespace KubeSharp.Kubelet.Prober.Probes;

/// <summary>A probe that could not run at all (upstream's probe error): the result is thrown away, not a failure.</summary>
internal sealed class ProbeException(string message, Exception? inner = null) : Exception(message, inner);
