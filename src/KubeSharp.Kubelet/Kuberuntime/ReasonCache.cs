namespace KubeSharp.Kubelet.Kuberuntime;

/// <summary>
/// Why each container last failed to start (upstream's reasonCache): the status shows it as the waiting reason and message
/// until the container starts.
/// </summary>
internal sealed class ReasonCache
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Uid, string Name), (string Reason, string Message)> _reasons = [];

    public void Add(string podUid, string containerName, string reason, string message)
    {
        lock (_lock)
        {
            _reasons[(podUid, containerName)] = (reason, message);
        }
    }

    public void Remove(string podUid, string containerName)
    {
        lock (_lock)
        {
            _reasons.Remove((podUid, containerName));
        }
    }

    public (string Reason, string Message)? Get(string podUid, string containerName)
    {
        lock (_lock)
        {
            return _reasons.TryGetValue((podUid, containerName), out var value) ? value : null;
        }
    }

    public void RemovePod(string podUid)
    {
        lock (_lock)
        {
            foreach (var key in _reasons.Keys.Where(k => k.Uid == podUid).ToList())
            {
                _reasons.Remove(key);
            }
        }
    }
}
