using k8s.Models;
using KubeSharp.Controllers.Common;
using static KubeSharp.Controllers.Tests.Fixtures;

namespace KubeSharp.Controllers.Tests.Common;

public class ControllerRefsTests
{
    private static readonly V1ObjectMeta Owner = new() { Name = "rs", NamespaceProperty = "default", Uid = "owner" };
    private static readonly V1OwnerReference Mine = ControllerRefs.NewControllerRef(Owner, "apps/v1", "ReplicaSet");

    [Fact]
    public void NewControllerRef_SetsControllerAndBlockOwnerDeletion()
    {
        Assert.True(Mine.Controller);
        Assert.True(Mine.BlockOwnerDeletion);
        Assert.Equal(("apps/v1", "ReplicaSet", "rs", "owner"), (Mine.ApiVersion, Mine.Kind, Mine.Name, Mine.Uid));
    }

    [Theory]
    [InlineData("orphan", true, false, "Adopt")]
    [InlineData("orphan", false, false, "Ignore")]
    [InlineData("orphan", true, true, "Ignore")]
    [InlineData("mine", true, false, "Keep")]
    [InlineData("mine", false, false, "Release")]
    [InlineData("other", true, false, "Ignore")]
    public void Decide_Table_MatchesUpstream(string ownership, bool selected, bool candidateDeleting, string expected)
    {
        var owner = ownership switch
        {
            "mine" => Mine,
            "other" => new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "x", Uid = "other", Controller = true },
            _ => null,
        };
        var pod = Pod("p", owner: owner);
        if (candidateDeleting)
        {
            pod.Metadata.DeletionTimestamp = PodUtil.ToModelTime(Now);
        }

        Assert.Equal(expected, ControllerRefs.Decide(Owner, pod.Metadata, selected).ToString());
    }

    [Fact]
    public void Decide_OwnerDeleting_NeitherAdoptsNorReleases()
    {
        var deleting = new V1ObjectMeta { Name = "rs", NamespaceProperty = "default", Uid = "owner", DeletionTimestamp = PodUtil.ToModelTime(Now) };

        Assert.Equal(ClaimAction.Ignore, ControllerRefs.Decide(deleting, Pod("a").Metadata, true));
        Assert.Equal(ClaimAction.Ignore, ControllerRefs.Decide(deleting, Pod("b", owner: Mine).Metadata, false));
    }

    [Fact]
    public void PodTemplateHash_Compute_StableSafeAndChangesWithCollisionCount()
    {
        var a = PodTemplateHash.Compute(Template("nginx:1"), null);

        Assert.Equal(a, PodTemplateHash.Compute(Template("nginx:1"), null));
        Assert.NotEqual(a, PodTemplateHash.Compute(Template("nginx:2"), null));
        Assert.NotEqual(a, PodTemplateHash.Compute(Template("nginx:1"), 1));
        Assert.All(a, c => Assert.Contains(c, "bcdfghjklmnpqrstvwxz2456789"));
    }

    [Fact]
    public void NewPod_FromTemplate_GenerateNameLabelsAndOwner()
    {
        var pod = PodTemplates.NewPod(Template("nginx:1"), Owner, Mine);

        Assert.Equal("rs-", pod.Metadata.GenerateName);
        Assert.Equal("default", pod.Metadata.NamespaceProperty);
        Assert.Equal("web", pod.Metadata.Labels["app"]);
        Assert.Same(Mine, Assert.Single(pod.Metadata.OwnerReferences));
        Assert.Equal("nginx:1", pod.Spec.Containers[0].Image);
    }
}
