using System.Text;
using k8s.Models;
using KubeSharp.Kubelet.Kuberuntime;

namespace KubeSharp.Kubelet.Tests.Kuberuntime;

public sealed class PullSecretsTests
{
    private static V1Secret DockerConfigJson(string json) => new()
    {
        Type = "kubernetes.io/dockerconfigjson",
        Data = new Dictionary<string, byte[]> { [".dockerconfigjson"] = Encoding.UTF8.GetBytes(json) },
    };

    [Fact]
    public void AuthFor_HostAndPortRegistry_CredentialsWithoutServerAddress()
    {
        var secret = DockerConfigJson("""{"auths":{"127.0.0.1:5000":{"username":"u","password":"p","auth":"dTpw"}}}""");
        var auth = Assert.Single(PullSecrets.AuthsFor("127.0.0.1:5000/library/busybox:1.35", [secret]));
        Assert.Equal(("u", "p"), (auth.Username, auth.Password));
        // containerd parses a set ServerAddress as a URL, which "127.0.0.1:5000" is not; upstream's keyring leaves it empty.
        Assert.Equal("", auth.ServerAddress);
    }

    [Fact]
    public void AuthFor_OnlyAuthField_DecodedToUserAndPassword()
    {
        var secret = DockerConfigJson("""{"auths":{"https://registry.example:443/v2/":{"auth":"YWxpY2U6c2VjcmV0OndpdGg6Y29sb25z"}}}""");
        var auth = Assert.Single(PullSecrets.AuthsFor("registry.example:443/team/app:v1", [secret]));
        Assert.Equal(("alice", "secret:with:colons"), (auth.Username, auth.Password));
    }

    [Fact]
    public void AuthFor_ShortNameAndDockerHubKey_Matched()
    {
        var secret = DockerConfigJson("""{"auths":{"https://index.docker.io/v1/":{"username":"hub","password":"x"}}}""");
        Assert.Equal("hub", Assert.Single(PullSecrets.AuthsFor("busybox:1.35", [secret])).Username);
        Assert.Equal("hub", Assert.Single(PullSecrets.AuthsFor("library/busybox", [secret])).Username);
    }

    [Fact]
    public void AuthFor_OtherRegistryOrBrokenSecret_Null()
    {
        var other = DockerConfigJson("""{"auths":{"quay.example":{"username":"u","password":"p"}}}""");
        var broken = DockerConfigJson("{not json");
        var legacy = new V1Secret { Type = "kubernetes.io/dockercfg", Data = new Dictionary<string, byte[]> { [".dockercfg"] = Encoding.UTF8.GetBytes("""{"reg.example":{"username":"old","password":"p"}}""") } };
        Assert.Empty(PullSecrets.AuthsFor("reg.example/app", [other, broken]));
        Assert.Equal("old", Assert.Single(PullSecrets.AuthsFor("reg.example/app", [other, broken, legacy])).Username);
    }

    [Fact]
    public void AuthsFor_SeveralMatching_MostSpecificPathFirstAndOtherPathsSkipped()
    {
        var host = DockerConfigJson("""{"auths":{"reg.example":{"username":"host","password":"p"}}}""");
        var team = DockerConfigJson("""{"auths":{"reg.example/team":{"username":"team","password":"p"},"reg.example/other":{"username":"other","password":"p"}}}""");
        Assert.Equal(["team", "host"], PullSecrets.AuthsFor("reg.example/team/app:v1", [host, team]).Select(a => a.Username));
        Assert.Equal(["host"], PullSecrets.AuthsFor("reg.example/teamster/app", [host, team]).Select(a => a.Username));
    }
}
