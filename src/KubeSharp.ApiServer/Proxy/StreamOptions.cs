namespace KubeSharp.ApiServer.Proxy;

/// <summary>The streams an exec or attach asks for (after the kubelet's rule that a terminal has no separate stderr).</summary>
internal sealed record StreamOptions(bool Stdin, bool Stdout, bool Stderr, bool Tty);
