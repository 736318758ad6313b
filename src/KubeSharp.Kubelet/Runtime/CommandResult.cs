namespace KubeSharp.Kubelet.Runtime;

/// <summary>How a host command ended and what it printed.</summary>
internal sealed record CommandResult(int ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;
}
