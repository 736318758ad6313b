namespace KubeSharp.Kubelet.Simulation;

/// <summary>Settings of a <see cref="SimulatedNodePool"/>: how many nodes, what they report, how often they report it.</summary>
internal sealed class SimulationOptions
{
    /// <summary>Number of simulated nodes. Default 1.</summary>
    public int Count { get; set; } = 1;

    /// <summary>Node names are this prefix followed by 0, 1, …, Count-1. Default "sim-node-".</summary>
    public string NamePrefix { get; set; } = "sim-node-";

    /// <summary>CPU capacity (and allocatable) of each node. Default "32".</summary>
    public string Cpu { get; set; } = "32";

    /// <summary>Memory capacity (and allocatable) of each node. Default "256Gi".</summary>
    public string Memory { get; set; } = "256Gi";

    /// <summary>Ephemeral storage capacity (and allocatable) of each node. Default "100Gi".</summary>
    public string EphemeralStorage { get; set; } = "100Gi";

    /// <summary>Pod capacity of each node. Default 110, the kubelet's default maxPods.</summary>
    public int Pods { get; set; } = 110;

    /// <summary>Extra labels put on every node, on top of the well-known ones.</summary>
    public IDictionary<string, string> Labels { get; set; } = new Dictionary<string, string>();

    /// <summary>How long a pod owned by a Job runs before it is reported Succeeded. Default 5 s.</summary>
    public TimeSpan JobPodDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often each node renews its Lease in kube-node-lease. Default 10 s, the kubelet's renew interval.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often each node reports its unchanged status (conditions' lastHeartbeatTime). Default 5 min, the kubelet's
    /// nodeStatusReportFrequency: liveness is the Lease's business, a status that did not change is posted this seldom.
    /// </summary>
    public TimeSpan StatusUpdateInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Delay between seeing a pod bound to a node and reporting it Running. Default 0.</summary>
    public TimeSpan PodStartDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Most writes to the API server in flight at once, for all nodes together. Default 32.</summary>
    public int MaxConcurrentWrites { get; set; } = 32;

    /// <summary>Delete the nodes and their leases when the pool stops (for tests). Default false: a stopped pool
    /// just falls silent, like a dead kubelet, and the node controller notices.</summary>
    public bool DeleteNodesOnStop { get; set; }
}
