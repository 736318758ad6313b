using System.Net;

namespace KubeSharp.Kubelet.Streaming;

/// <summary>Settings of the kubelet's HTTPS server (upstream's --port, --address and --client-ca-file).</summary>
internal sealed class KubeletServerOptions
{
    /// <summary>The port to serve on; 10250 as upstream, 0 picks a free one (see <see cref="KubeletServer.Port"/>).</summary>
    public int Port { get; init; } = 10250;

    /// <summary>The address to listen on; all interfaces by default, as upstream.</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Any;

    /// <summary>PEM bundle of the CA(s) that sign the client certificates allowed in (the cluster's client CA).</summary>
    public required string ClientCaPem { get; init; }

    /// <summary>Names and addresses written into the self-signed serving certificate besides the host name.</summary>
    public IReadOnlyList<string> ServingSans { get; init; } = [];

    /// <summary>How often a followed log file is polled for new lines.</summary>
    public TimeSpan LogPollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Serves /stats/summary and /metrics/resource when set; sampled every <see cref="StatsInterval"/>.</summary>
    public Stats.SummaryProvider? Stats { get; init; }

    /// <summary>Serves /pods (the pods bound to this node, as the kubelet knows them) when set.</summary>
    public Func<IReadOnlyList<k8s.Models.V1Pod>>? Pods { get; init; }

    /// <summary>How often the stats are sampled: cpu rates cover this window (cAdvisor's housekeeping is about as often).</summary>
    public TimeSpan StatsInterval { get; init; } = TimeSpan.FromSeconds(10);
}
