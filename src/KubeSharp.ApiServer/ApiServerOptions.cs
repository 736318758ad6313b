using System.Net;

namespace KubeSharp.ApiServer;

/// <summary>Settings of the API server (k3s' flag names where they fit).</summary>
internal sealed class ApiServerOptions
{
    /// <summary>Where certificates, the SQLite database and the join token live. Default: /var/lib/kubesharp.</summary>
    public string DataDir { get; set; } = "/var/lib/kubesharp";

    /// <summary>The HTTPS port. Default: 6443.</summary>
    public int HttpsPort { get; set; } = 6443;

    /// <summary>The address to listen on. Default: all addresses.</summary>
    public IPAddress BindAddress { get; set; } = IPAddress.Any;

    /// <summary>etcd endpoint(s) (http://host:port, comma separated); empty for the embedded SQLite store.</summary>
    public string? DatastoreEndpoint { get; set; }

    /// <summary>Cluster IPs of Services come from here. Default: 10.43.0.0/16 (k3s' default).</summary>
    public string ServiceCidr { get; set; } = "10.43.0.0/16";

    /// <summary>NodePorts come from here. Default: 30000-32767.</summary>
    public (int First, int Last) NodePortRange { get; set; } = (30000, 32767);

    /// <summary>Extra names or addresses for the serving certificate.</summary>
    public IReadOnlyList<string> TlsSans { get; set; } = [];

    /// <summary>How many revisions of history the compactor keeps. Default: 1000.</summary>
    public long RetainedRevisions { get; set; } = 1000;

    /// <summary>How often old revisions are compacted. Default: 5 minutes (as upstream's apiserver).</summary>
    public TimeSpan CompactionInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Seconds the DefaultTolerationSeconds admission plugin lets new pods tolerate a not-ready node. Default: 300.</summary>
    public long DefaultNotReadyTolerationSeconds { get; set; } = 300;

    /// <summary>Seconds the DefaultTolerationSeconds admission plugin lets new pods tolerate an unreachable node. Default: 300.</summary>
    public long DefaultUnreachableTolerationSeconds { get; set; } = 300;

    /// <summary>Admission plugins to turn off (upstream's --disable-admission-plugins), e.g. "ServiceAccount", "DefaultTolerationSeconds". Default: none.</summary>
    public IReadOnlyList<string> DisableAdmissionPlugins { get; set; } = [];

    public string TlsDir => Path.Combine(DataDir, "server", "tls");

    public string TokenPath => Path.Combine(DataDir, "server", "token");
}
