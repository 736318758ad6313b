namespace KubeSharp.Kubelet.Runtime;

/// <summary>
/// Where containerd pulls a registry's images from (a hosts.toml under config_path): <paramref name="Registry"/> is the
/// name in image references ("docker.io", "127.0.0.1:5000"), <paramref name="Endpoints"/> the mirrors tried first,
/// with scheme ("http://127.0.0.1:5000" for a plain-HTTP registry).
/// </summary>
internal sealed record RegistryHost(string Registry, IReadOnlyList<string> Endpoints, bool SkipVerify = false)
{
    /// <summary>A registry reached over plain HTTP at its own address (a local test registry).</summary>
    public static RegistryHost PlainHttp(string hostAndPort) => new(hostAndPort, [$"http://{hostAndPort}"]);
}
