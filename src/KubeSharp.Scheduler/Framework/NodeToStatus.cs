namespace KubeSharp.Scheduler.Framework;

/// <summary>Why each node was rejected; nodes not listed take <see cref="AbsentNodesStatus"/>.</summary>
internal sealed class NodeToStatus
{
    private readonly Dictionary<string, Status> _statuses = new(StringComparer.Ordinal);

    public Status AbsentNodesStatus { get; set; } = new(StatusCode.UnschedulableAndUnresolvable);

    public int Count => _statuses.Count;

    public IEnumerable<KeyValuePair<string, Status>> Explicit => _statuses;

    public void Set(string nodeName, Status status) => _statuses[nodeName] = status;

    public Status Get(string nodeName) => _statuses.TryGetValue(nodeName, out var s) ? s : AbsentNodesStatus;

    /// <summary>Nodes whose rejection preemption might fix: those explicitly marked Unschedulable.</summary>
    public IEnumerable<string> NodesWithCode(StatusCode code) =>
        _statuses.Where(kv => kv.Value.Code == code).Select(kv => kv.Key);
}
