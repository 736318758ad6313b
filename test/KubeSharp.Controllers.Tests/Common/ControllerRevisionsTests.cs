using k8s;
using k8s.Models;
using KubeSharp.Controllers.Common;
using static KubeSharp.Controllers.Tests.Fixtures;

namespace KubeSharp.Controllers.Tests.Common;

public class ControllerRevisionsTests
{
    [Fact]
    public void FindEqual_RevisionReadBackFromJson_MatchesTemplate()
    {
        var owner = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Uid = "u" };
        var revision = ControllerRevisions.New(owner, ControllerRefs.NewControllerRef(owner, "apps/v1", "StatefulSet"), Template("nginx:1"), "abc", 3);
        var readBack = KubernetesJson.Deserialize<V1ControllerRevision>(KubernetesJson.Serialize(revision));

        Assert.Same(readBack, ControllerRevisions.FindEqual([readBack], Template("nginx:1")));
        Assert.Null(ControllerRevisions.FindEqual([readBack], Template("nginx:2")));
        Assert.Equal(("web-abc", "abc", 4L), (readBack.Metadata.Name, ControllerRevisions.HashOf(readBack), ControllerRevisions.NextRevision([readBack])));
    }

    [Fact]
    public void PodTemplateHash_LabelOrder_DoesNotMatter()
    {
        var a = Template("x", new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" });
        var b = Template("x", new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" });

        Assert.Equal(PodTemplateHash.Compute(a, null), PodTemplateHash.Compute(b, null));
    }
}
