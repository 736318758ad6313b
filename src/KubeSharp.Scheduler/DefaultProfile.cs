using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins.DefaultPreemption;
using KubeSharp.Scheduler.Plugins.InterPodAffinity;
using KubeSharp.Scheduler.Plugins.NodeAffinity;
using KubeSharp.Scheduler.Plugins.NodeName;
using KubeSharp.Scheduler.Plugins.NodePorts;
using KubeSharp.Scheduler.Plugins.NodeResourcesBalancedAllocation;
using KubeSharp.Scheduler.Plugins.NodeResourcesFit;
using KubeSharp.Scheduler.Plugins.NodeUnschedulable;
using KubeSharp.Scheduler.Plugins.PodTopologySpread;
using KubeSharp.Scheduler.Plugins.TaintToleration;

namespace KubeSharp.Scheduler;

/// <summary>Upstream's default plugin set, in its order, with its score weights (volume and image plugins left out).</summary>
internal static class DefaultProfile
{
    public static Profile Create(string schedulerName, INominator nominator, Random? random = null)
    {
        var profile = new Profile(schedulerName, nominator);
        return profile
            .Add(new NodeUnschedulablePlugin())
            .Add(new NodeNamePlugin())
            .Add(new TaintTolerationPlugin(), weight: 3)
            .Add(new NodeAffinityPlugin(), weight: 2)
            .Add(new NodePortsPlugin())
            .Add(new NodeResourcesFitPlugin(), weight: 1)
            .Add(new PodTopologySpreadPlugin(profile), weight: 2)
            .Add(new InterPodAffinityPlugin(profile), weight: 2)
            .Add(new DefaultPreemptionPlugin(profile, random))
            .Add(new BalancedAllocationPlugin(), weight: 1);
    }
}
