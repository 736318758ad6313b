using System.Net;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Tests.ServiceAccounts;

/// <summary>The ServiceAccount admission plugin on pod creation, against a real API server.</summary>
public sealed class ServiceAccountAdmissionTests(ServiceAccountServerFixture api) : IClassFixture<ServiceAccountServerFixture>
{
    private const string MountPath = "/var/run/secrets/kubernetes.io/serviceaccount";

    private static string Pod(string name, string spec) =>
        $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}"},"spec":{{{{spec}}}}}""";

    [Fact]
    public async Task CreatePod_DefaultAccount_AddsProjectedTokenVolumeAndMounts()
    {
        await api.NamespaceWithAccountsAsync("adm-mount", "default");

        var pod = await api.OkAsync(HttpMethod.Post, "/api/v1/namespaces/adm-mount/pods", Pod("p",
            $$$"""
            "initContainers":[{"name":"init","image":"busybox"}],
            "containers":[{"name":"a","image":"busybox"},
              {"name":"b","image":"busybox","volumeMounts":[{"name":"own","mountPath":"{{{MountPath}}}"}]}],
            "volumes":[{"name":"own","emptyDir":{}}]
            """));

        var spec = pod["spec"]!;
        Assert.Equal("default", spec["serviceAccountName"]!.GetValue<string>());
        Assert.Equal("default", spec["serviceAccount"]!.GetValue<string>());
        var volume = spec["volumes"]!.AsArray()[1]!;
        var name = volume["name"]!.GetValue<string>();
        Assert.Matches("^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$", name);
        Assert.Equal(
            """{"sources":[{"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}},{"configMap":{"name":"kube-root-ca.crt","items":[{"key":"ca.crt","path":"ca.crt"}]}},{"downwardAPI":{"items":[{"path":"namespace","fieldRef":{"apiVersion":"v1","fieldPath":"metadata.namespace"}}]}}],"defaultMode":420}""",
            volume["projected"]!.ToJsonString());
        var expectedMount = $$$"""[{"name":"{{{name}}}","readOnly":true,"mountPath":"{{{MountPath}}}"}]""";
        Assert.Equal(expectedMount, spec["initContainers"]![0]!["volumeMounts"]!.ToJsonString());
        Assert.Equal(expectedMount, spec["containers"]![0]!["volumeMounts"]!.ToJsonString());
        Assert.Equal($$$"""[{"name":"own","mountPath":"{{{MountPath}}}"}]""", spec["containers"]![1]!["volumeMounts"]!.ToJsonString());
    }

    [Fact]
    public async Task CreatePod_AutomountOff_AddsNoVolume()
    {
        await api.NamespaceWithAccountsAsync("adm-off", "default", "quiet|\"automountServiceAccountToken\":false");

        var podOff = await api.OkAsync(HttpMethod.Post, "/api/v1/namespaces/adm-off/pods",
            Pod("pod-off", """ "automountServiceAccountToken":false,"containers":[{"name":"a","image":"busybox"}]"""));
        var accountOff = await api.OkAsync(HttpMethod.Post, "/api/v1/namespaces/adm-off/pods",
            Pod("account-off", """ "serviceAccountName":"quiet","containers":[{"name":"a","image":"busybox"}]"""));
        var podWins = await api.OkAsync(HttpMethod.Post, "/api/v1/namespaces/adm-off/pods",
            Pod("pod-wins", """ "serviceAccountName":"quiet","automountServiceAccountToken":true,"containers":[{"name":"a","image":"busybox"}]"""));

        Assert.Null(podOff["spec"]!["volumes"]);
        Assert.Null(podOff["spec"]!["containers"]![0]!["volumeMounts"]);
        Assert.Null(accountOff["spec"]!["volumes"]);
        Assert.Equal("quiet", accountOff["spec"]!["serviceAccount"]!.GetValue<string>());
        Assert.StartsWith("kube-api-access-", podWins["spec"]!["volumes"]![0]!["name"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreatePod_MissingAccount_Returns403()
    {
        await api.NamespaceWithAccountsAsync("adm-missing", "default");

        var (status, body) = await api.CallAsync(HttpMethod.Post, "/api/v1/namespaces/adm-missing/pods",
            Pod("p", """ "serviceAccountName":"ghost","containers":[{"name":"a","image":"busybox"}]"""));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("pods \"p\" is forbidden: error looking up service account adm-missing/ghost: serviceaccount \"ghost\" not found",
            body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreatePod_AccountPullSecrets_CopiedToPodWithout()
    {
        await api.NamespaceWithAccountsAsync("adm-pull", "default|\"imagePullSecrets\":[{\"name\":\"registry\"}]");

        var pod = await api.OkAsync(HttpMethod.Post, "/api/v1/namespaces/adm-pull/pods", Pod("p", """ "containers":[{"name":"a","image":"busybox"}]"""));

        Assert.Equal("""[{"name":"registry"}]""", pod["spec"]!["imagePullSecrets"]!.ToJsonString());
    }

    [Fact]
    public async Task CreatePod_MirrorPod_LeftAloneButMayNotNameAccount()
    {
        await api.NamespaceWithAccountsAsync("adm-mirror", "default");
        const string Mirror = "\"annotations\":{\"kubernetes.io/config.mirror\":\"x\"}";

        var pod = await api.OkAsync(HttpMethod.Post, "/api/v1/namespaces/adm-mirror/pods",
            $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"m",{{{Mirror}}}},"spec":{"nodeName":"n1","containers":[{"name":"a","image":"busybox"}]}}""");
        var (status, body) = await api.CallAsync(HttpMethod.Post, "/api/v1/namespaces/adm-mirror/pods",
            $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"m2",{{{Mirror}}}},"spec":{"serviceAccountName":"default","containers":[{"name":"a","image":"busybox"}]}}""");

        Assert.Null(pod["spec"]!["volumes"]);
        Assert.Null(pod["spec"]!["serviceAccountName"]);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("pods \"m2\" is forbidden: a mirror pod may not reference service accounts", body!["message"]!.GetValue<string>());
    }
}
