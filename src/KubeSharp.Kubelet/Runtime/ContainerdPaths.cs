using System.Security.Cryptography;
using System.Text;

namespace KubeSharp.Kubelet.Runtime;

/// <summary>The files and folders of one agent's containerd, k3s-like, under &lt;data-dir&gt;/agent.</summary>
internal sealed record ContainerdPaths(
    string AgentDataDir,
    string Root,
    string State,
    string Socket,
    string ConfigFile,
    string LogFile,
    string CniConfDir,
    string CniDataDir,
    string RegistryConfigDir,
    string ImagesDir,
    string RuncRoot)
{
    /// <summary>A unix socket path must fit sockaddr_un (108 bytes with the NUL); keep a margin.</summary>
    public const int MaxSocketPathLength = 100;

    public static ContainerdPaths For(string agentDataDir)
    {
        var agent = Path.GetFullPath(agentDataDir);
        var state = Path.Combine(agent, "run", "containerd");
        var socket = Path.Combine(state, "containerd.sock");
        if (socket.Length >= MaxSocketPathLength)
        {
            // Too deep for a socket: a short folder named after the data dir keeps agents apart.
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(agent)))[..12];
            socket = Path.Combine("/run/kubesharp", hash, "containerd.sock");
        }

        return new ContainerdPaths(
            agent,
            Root: Path.Combine(agent, "containerd"),
            State: state,
            Socket: socket,
            ConfigFile: Path.Combine(agent, "etc", "containerd", "config.toml"),
            LogFile: Path.Combine(agent, "containerd", "containerd.log"),
            CniConfDir: Path.Combine(agent, "etc", "cni", "net.d"),
            CniDataDir: Path.Combine(agent, "cni"),
            RegistryConfigDir: Path.Combine(agent, "etc", "containerd", "certs.d"),
            ImagesDir: Path.Combine(agent, "images"),
            RuncRoot: Path.Combine(state, "runc"));
    }

    public string Endpoint => "unix://" + Socket;
}
