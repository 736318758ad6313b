using System.Text;
using k8s.Models;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Kuberuntime;
using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Kubelet.Tests.Kuberuntime;

public sealed class ImagePullerTests
{
    private const string Image = "127.0.0.1:5000/team/app:v1";

    private readonly FakeTimeProvider _time = new();
    private readonly RecordingEvents _events = new();
    private readonly FakeRuntime _runtime;
    private readonly ImagePuller _puller;

    public ImagePullerTests()
    {
        _runtime = new FakeRuntime(_time);
        _runtime.PrivateImages[Image] = ("right", "pw");
        _puller = new ImagePuller(_runtime, _events, _time, new ContainerBackOff(_time, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5)));
    }

    private static V1Secret Secret(string key, string user) => new()
    {
        Type = "kubernetes.io/dockerconfigjson",
        Data = new Dictionary<string, byte[]>
        {
            [".dockerconfigjson"] = Encoding.UTF8.GetBytes("{\"auths\":{\"" + key + "\":{\"username\":\"" + user + "\",\"password\":\"pw\"}}}"),
        },
    };

    private Task<(string ImageRef, Image? Info)> EnsureAsync(params V1Secret[] secrets) =>
        _puller.EnsureImageExistsAsync(TestPods.Pod("p"), TestPods.Container("c", Image), secrets, new PodSandboxConfig(), CancellationToken.None);

    [Fact]
    public async Task EnsureImageExists_SeveralMatchingCredentials_TriedInTurnUntilOneWorks()
    {
        var (imageRef, _) = await EnsureAsync(Secret("127.0.0.1:5000/team", "wrong"), Secret("127.0.0.1:5000", "right"));
        Assert.Equal("sha256:" + Image.Length, imageRef);
        Assert.Equal(["wrong", "right"], _runtime.PullAuths.Select(a => a?.Username));
        Assert.Contains(_events.Events, e => e.Reason == "Pulled");
    }

    [Fact]
    public async Task EnsureImageExists_NoMatchingSecret_AnonymousPullFailsWithErrImagePull()
    {
        var e = await Assert.ThrowsAsync<ContainerStartException>(() => EnsureAsync(Secret("other.example", "right")));
        Assert.Equal(ImagePuller.ErrImagePull, e.Reason);
        Assert.Equal([null], _runtime.PullAuths);
        Assert.Contains("401 Unauthorized", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureImageExists_AllCredentialsRefused_AggregatedMessageThenBackOff()
    {
        var e = await Assert.ThrowsAsync<ContainerStartException>(() => EnsureAsync(Secret("127.0.0.1:5000", "a"), Secret("127.0.0.1:5000", "b")));
        Assert.StartsWith("[failed to pull", e.Message, StringComparison.Ordinal);
        Assert.Contains("(user a), failed to pull", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("(user b)]", e.Message, StringComparison.Ordinal);
        Assert.Contains(_events.Events, ev => ev.Reason == "Failed" && ev.Message == $"Failed to pull image \"{Image}\": {e.Message}");

        var again = await Assert.ThrowsAsync<ContainerStartException>(() => EnsureAsync(Secret("127.0.0.1:5000", "right")));
        Assert.Equal(ImagePuller.ImagePullBackOff, again.Reason);
    }
}
