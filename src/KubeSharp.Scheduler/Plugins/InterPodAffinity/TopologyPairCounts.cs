namespace KubeSharp.Scheduler.Plugins.InterPodAffinity;

/// <summary>Counts of matching pods per (topology key, value) pair.</summary>
internal sealed class TopologyPairCounts : Dictionary<(string Key, string Value), long>
{
    public TopologyPairCounts()
    {
    }

    public TopologyPairCounts(TopologyPairCounts other)
        : base(other)
    {
    }

    public void Update(string key, string value, long delta)
    {
        var n = this.GetValueOrDefault((key, value)) + delta;
        if (n == 0)
        {
            Remove((key, value));
        }
        else
        {
            this[(key, value)] = n;
        }
    }
}
