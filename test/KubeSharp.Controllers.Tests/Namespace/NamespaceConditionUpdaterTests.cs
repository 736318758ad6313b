using System.Text.Json.Nodes;
using KubeSharp.Controllers.Namespace;

namespace KubeSharp.Controllers.Tests.Namespace;

public sealed class NamespaceConditionUpdaterTests
{
    [Fact]
    public void Apply_NoFailures_AllFiveConditionsFalseWithOkReasons()
    {
        var ns = new JsonObject();

        var changed = new NamespaceConditionUpdater().Apply(ns, "2024-01-01T00:00:00Z");

        Assert.True(changed);
        var conditions = ns["status"]!["conditions"]!.AsArray();
        Assert.Equal(
            ["NamespaceDeletionDiscoveryFailure", "NamespaceDeletionGroupVersionParsingFailure", "NamespaceDeletionContentFailure", "NamespaceContentRemaining", "NamespaceFinalizersRemaining"],
            conditions.Select(c => c!["type"]!.GetValue<string>()));
        Assert.All(conditions, c => Assert.Equal("False", c!["status"]!.GetValue<string>()));
    }

    [Fact]
    public void Apply_SameConditionsAgain_UnchangedAndTransitionTimeKept()
    {
        var ns = new JsonObject();
        var first = new NamespaceConditionUpdater();
        first.ResourcesRemain(new Dictionary<string, int> { ["pods."] = 2 });
        first.Apply(ns, "2024-01-01T00:00:00Z");
        var second = new NamespaceConditionUpdater();
        second.ResourcesRemain(new Dictionary<string, int> { ["pods."] = 2 });

        var changed = second.Apply(ns, "2024-01-01T00:01:00Z");

        Assert.False(changed);
        var remaining = ns["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "NamespaceContentRemaining")!;
        Assert.Equal("2024-01-01T00:00:00Z", remaining["lastTransitionTime"]!.GetValue<string>());
        Assert.Equal("Some resources are remaining: pods. has 2 resource instances", remaining["message"]!.GetValue<string>());
    }

    [Fact]
    public void Apply_FailureCleared_ConditionBackToOk()
    {
        var ns = new JsonObject();
        var failing = new NamespaceConditionUpdater();
        failing.ContentDeletionFailed(["boom"]);
        failing.Apply(ns, "2024-01-01T00:00:00Z");

        var changed = new NamespaceConditionUpdater().Apply(ns, "2024-01-01T00:01:00Z");

        Assert.True(changed);
        var content = ns["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "NamespaceDeletionContentFailure")!;
        Assert.Equal(("False", "ContentDeleted", "2024-01-01T00:01:00Z"),
            (content["status"]!.GetValue<string>(), content["reason"]!.GetValue<string>(), content["lastTransitionTime"]!.GetValue<string>()));
    }
}
