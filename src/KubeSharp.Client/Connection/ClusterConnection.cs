using System.Text;
using k8s;

namespace KubeSharp.Client;

/// <summary>Builds <see cref="IKubernetes"/> clients tuned for controllers: many concurrent requests and long-lived watches.</summary>
public static class ClusterConnection
{
    /// <summary>Each informer holds a watch open; the default per-server limit would queue requests behind them.</summary>
    private const int MaxConnectionsPerServer = 1024;

    public static IKubernetes FromKubeconfig(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(path);
        return FromConfig(config);
    }

    public static IKubernetes FromKubeconfigText(string yaml)
    {
        ArgumentException.ThrowIfNullOrEmpty(yaml);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(yaml));
        var kubeconfig = KubernetesClientConfiguration.LoadKubeConfig(stream);
        var config = KubernetesClientConfiguration.BuildConfigFromConfigObject(kubeconfig);
        return FromConfig(config);
    }

    /// <summary>A client for an already built configuration (e.g. in-cluster), with the same connection settings.</summary>
    public static IKubernetes FromConfig(KubernetesClientConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.FirstMessageHandlerSetup = handler =>
        {
            if (handler is SocketsHttpHandler sockets)
            {
                sockets.MaxConnectionsPerServer = MaxConnectionsPerServer;
                sockets.EnableMultipleHttp2Connections = true;
                sockets.PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2);
                sockets.ConnectTimeout = TimeSpan.FromSeconds(30);
            }
        };
        return new Kubernetes(config);
    }
}
