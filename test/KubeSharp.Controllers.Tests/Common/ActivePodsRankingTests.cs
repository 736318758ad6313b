using k8s.Models;
using KubeSharp.Controllers.Common;
using static KubeSharp.Controllers.Tests.Fixtures;

namespace KubeSharp.Controllers.Tests.Common;

public class ActivePodsRankingTests
{
    public static TheoryData<string, string> Pairs => new()
    {
        { "unassigned", "assigned" },
        { "pending", "running" },
        { "unknown", "running" },
        { "notready", "ready" },
        { "lowcost", "highcost" },
        { "readyrecently", "readylong" },
        { "restarts", "norestarts" },
        { "newer", "older" },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void RankForDeletion_Pair_FirstIsDeletedFirst(string first, string second)
    {
        var pods = new Dictionary<string, V1Pod>
        {
            ["unassigned"] = Pod("unassigned", node: null, phase: "Pending", ready: false),
            ["assigned"] = Pod("assigned", phase: "Pending", ready: false),
            ["pending"] = Pod("pending", phase: "Pending"),
            ["unknown"] = Pod("unknown", phase: "Unknown"),
            ["running"] = Pod("running"),
            ["notready"] = Pod("notready", ready: false),
            ["ready"] = Pod("ready"),
            ["lowcost"] = WithCost(Pod("lowcost"), "-5"),
            ["highcost"] = WithCost(Pod("highcost"), "10"),
            ["readyrecently"] = Pod("readyrecently", readySince: Now.AddSeconds(-10)),
            ["readylong"] = Pod("readylong", readySince: Now.AddDays(-3)),
            ["restarts"] = Pod("restarts", restarts: 5),
            ["norestarts"] = Pod("norestarts"),
            ["newer"] = Pod("newer", created: Now.AddMinutes(-1)),
            ["older"] = Pod("older", created: Now.AddDays(-10)),
        };

        var ranked = ActivePodsRanking.RankForDeletion([pods[second], pods[first]], [], Now);

        Assert.Equal([first, second], ranked.Select(p => p.Metadata.Name));
    }

    [Fact]
    public void RankForDeletion_DoubledUpOnNode_DeletedFirst()
    {
        var alone = Pod("alone", node: "node-b");
        var crowded = Pod("crowded", node: "node-a");
        var sibling = Pod("sibling", node: "node-a");

        var ranked = ActivePodsRanking.RankForDeletion([alone, crowded], [alone, crowded, sibling], Now);

        Assert.Equal("crowded", ranked[0].Metadata.Name);
    }

    [Fact]
    public void SlowStart_Batches_DoubleUntilCount()
        => Assert.Equal([1, 2, 4, 8, 5], SlowStart.Batches(20));

    private static V1Pod WithCost(V1Pod pod, string cost)
    {
        pod.Metadata.Annotations = new Dictionary<string, string> { [PodUtil.PodDeletionCostAnnotation] = cost };
        return pod;
    }
}
