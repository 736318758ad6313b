using k8s.Models;
using KubeSharp.Controllers.NodeLifecycle;

namespace KubeSharp.Controllers.Tests.NodeLifecycle;

public sealed class EvictionPlannerTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static V1Taint Taint(string key, int secondsAgo) => new() { Key = key, Effect = "NoExecute", TimeAdded = Now.UtcDateTime.AddSeconds(-secondsAgo) };

    [Fact]
    public void EvictAfter_UntoleratedTaint_EvictsNow() =>
        Assert.Equal(TimeSpan.Zero, EvictionPlanner.EvictAfter(null, [Taint("example.com/bad", 0)], Now));

    [Fact]
    public void EvictAfter_TolerationSecondsCountFromTimeAdded_ReturnsTheRest()
    {
        V1Toleration[] tolerations = [new() { Key = "example.com/bad", OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = 30 }];

        Assert.Equal(TimeSpan.FromSeconds(20), EvictionPlanner.EvictAfter(tolerations, [Taint("example.com/bad", 10)], Now));
        Assert.Equal(TimeSpan.Zero, EvictionPlanner.EvictAfter(tolerations, [Taint("example.com/bad", 31)], Now));
    }

    [Fact]
    public void EvictAfter_ToleratedForever_Never()
    {
        V1Toleration[] tolerations = [new() { OperatorProperty = "Exists" }];

        Assert.Null(EvictionPlanner.EvictAfter(tolerations, [Taint("example.com/bad", 1000), Taint("node.kubernetes.io/unreachable", 1000)], Now));
    }

    [Fact]
    public void EvictAfter_UnreachableWithoutOwnToleration_EvictsNow() =>
        Assert.Equal(TimeSpan.Zero, EvictionPlanner.EvictAfter(null, [Taint("node.kubernetes.io/unreachable", 10)], Now));

    [Fact]
    public void EvictAfter_EqualOperatorWithOtherValue_DoesNotTolerate()
    {
        V1Toleration[] tolerations = [new() { Key = "k", OperatorProperty = "Equal", Value = "a", Effect = "NoExecute" }];

        Assert.Equal(TimeSpan.Zero, EvictionPlanner.EvictAfter(tolerations, [new V1Taint { Key = "k", Value = "b", Effect = "NoExecute" }], Now));
        Assert.Null(EvictionPlanner.EvictAfter(tolerations, [new V1Taint { Key = "k", Value = "a", Effect = "NoExecute" }], Now));
    }
}
