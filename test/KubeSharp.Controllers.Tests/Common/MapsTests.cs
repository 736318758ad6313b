using KubeSharp.Controllers.Common;

namespace KubeSharp.Controllers.Tests.Common;

public sealed class MapsTests
{
    [Fact]
    public void Same_NullEmptyAndEqualPairs_True()
    {
        Assert.True(Maps.Same(null, new Dictionary<string, string>()));
        Assert.True(Maps.Same(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" }));
    }

    [Fact]
    public void Same_DifferentValueOrKey_False()
    {
        Assert.False(Maps.Same(new Dictionary<string, string> { ["a"] = "1" }, new Dictionary<string, string> { ["a"] = "2" }));
        Assert.False(Maps.Same(new Dictionary<string, string> { ["a"] = "1" }, null));
    }
}
