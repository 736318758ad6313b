using System.Text.Json.Nodes;
using KubeSharp.E2E.Infrastructure;

namespace KubeSharp.E2E;

/// <summary>Everyday kubectl verbs, each test in its own namespace.</summary>
[Collection(ClusterCollection.Name)]
public sealed class KubectlWorkflowTests(ClusterFixture cluster)
{
    private async Task<string> NamespaceAsync()
    {
        var ns = "t-" + Guid.NewGuid().ToString("N")[..10];
        (await cluster.KubectlAsync("create", "namespace", ns)).Ok();
        return ns;
    }

    private async Task<JsonNode> JsonAsync(params string[] args) => JsonNode.Parse((await cluster.KubectlAsync([.. args, "-o", "json"])).Ok().Stdout)!;

    [Fact]
    public async Task CreateGenerators_ConfigMapSecretDeploymentService_Work()
    {
        var ns = await NamespaceAsync();
        var file = Path.Combine(cluster.DataDir, "settings.txt");
        await File.WriteAllTextAsync(file, "a=1\n");
        (await cluster.KubectlAsync("create", "configmap", "cfg", "-n", ns, "--from-literal=key=value", $"--from-file={file}")).Ok();
        (await cluster.KubectlAsync("create", "secret", "generic", "sec", "-n", ns, "--from-literal=user=admin")).Ok();
        (await cluster.KubectlAsync("create", "deployment", "web", "-n", ns, "--image=busybox:1.36", "--replicas=3")).Ok();
        (await cluster.KubectlAsync("create", "service", "clusterip", "web", "-n", ns, "--tcp=80:8080")).Ok();

        var cm = await JsonAsync("get", "configmap", "cfg", "-n", ns);
        Assert.Equal("value", cm["data"]!["key"]!.GetValue<string>());
        Assert.Equal("a=1\n", cm["data"]!["settings.txt"]!.GetValue<string>());
        var sec = await JsonAsync("get", "secret", "sec", "-n", ns);
        Assert.Equal("YWRtaW4=", sec["data"]!["user"]!.GetValue<string>());
        var svc = await JsonAsync("get", "svc", "web", "-n", ns);
        Assert.Equal(8080, svc["spec"]!["ports"]![0]!["targetPort"]!.GetValue<int>());

        var table = (await cluster.KubectlAsync("get", "deploy", "-n", ns)).Ok();
        Assert.Matches(@"NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE", table.Stdout);
        Assert.Matches(@"web\s+\d/3\s+\d\s+\d\s+\d+s", table.Stdout);
    }

    [Fact]
    public async Task CreateSecretTls_Generator_StoresCertAndKey()
    {
        var ns = await NamespaceAsync();
        var dir = Path.Combine(cluster.DataDir, "server", "tls");
        (await cluster.KubectlAsync("create", "secret", "tls", "tls", "-n", ns, $"--cert={Path.Combine(dir, "client-admin.crt")}",
            $"--key={Path.Combine(dir, "client-admin.key")}")).Ok();
        var sec = await JsonAsync("get", "secret", "tls", "-n", ns);
        Assert.Equal("kubernetes.io/tls", sec["type"]!.GetValue<string>());
        Assert.NotNull(sec["data"]!["tls.crt"]);
    }

    [Fact]
    public async Task GetOutputFormats_AllWork()
    {
        var ns = await NamespaceAsync();
        (await cluster.KubectlAsync("create", "configmap", "one", "-n", ns, "--from-literal=a=b")).Ok();
        (await cluster.KubectlAsync("label", "configmap", "one", "-n", ns, "tier=front")).Ok();
        Assert.Equal("configmap/one", (await cluster.KubectlAsync("get", "cm", "one", "-n", ns, "-o", "name")).Ok().Stdout.Trim());
        Assert.Equal("b", (await cluster.KubectlAsync("get", "cm", "one", "-n", ns, "-o", "jsonpath={.data.a}")).Ok().Stdout);
        Assert.Contains("kind: ConfigMap", (await cluster.KubectlAsync("get", "cm", "one", "-n", ns, "-o", "yaml")).Ok().Stdout);
        Assert.Matches(@"N\s+D\s+one\s+b", (await cluster.KubectlAsync("get", "cm", "-n", ns, "-l", "tier=front", "-o", "custom-columns=N:.metadata.name,D:.data.a")).Ok().Stdout);
        Assert.Contains("tier=front", (await cluster.KubectlAsync("get", "cm", "one", "-n", ns, "--show-labels")).Ok().Stdout);
        Assert.Matches(@"one\s+1\s+\d+s", (await cluster.KubectlAsync("get", "cm", "one", "-n", ns, "-o", "wide")).Ok().Stdout);
        Assert.DoesNotContain("one", (await cluster.KubectlAsync("get", "cm", "-n", ns, "-l", "tier!=front")).Ok().Stdout);
        Assert.Contains("one", (await cluster.KubectlAsync("get", "cm", "-n", ns, "-l", "tier in (front,back)")).Ok().Stdout);
        Assert.Contains(ns, (await cluster.KubectlAsync("get", "cm", "-A", "--field-selector", $"metadata.namespace={ns}")).Ok().Stdout);
    }

    [Fact]
    public async Task LabelAnnotatePatch_AllPatchTypes_Apply()
    {
        var ns = await NamespaceAsync();
        (await cluster.KubectlAsync("create", "deployment", "web", "-n", ns, "--image=busybox:1.36")).Ok();
        (await cluster.KubectlAsync("annotate", "deploy", "web", "-n", ns, "owner=team-a")).Ok();
        (await cluster.KubectlAsync("patch", "deploy", "web", "-n", ns, "--type", "merge", "-p", "{\"spec\":{\"replicas\":2}}")).Ok();
        (await cluster.KubectlAsync("patch", "deploy", "web", "-n", ns, "--type", "json", "-p", "[{\"op\":\"add\",\"path\":\"/metadata/labels/x\",\"value\":\"y\"}]")).Ok();
        (await cluster.KubectlAsync("patch", "deploy", "web", "-n", ns, "-p",
            "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"busybox\",\"env\":[{\"name\":\"A\",\"value\":\"1\"}]}]}}}}")).Ok();
        var d = await JsonAsync("get", "deploy", "web", "-n", ns);
        Assert.Equal("team-a", d["metadata"]!["annotations"]!["owner"]!.GetValue<string>());
        Assert.Equal(2, d["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal("y", d["metadata"]!["labels"]!["x"]!.GetValue<string>());
        var container = d["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("busybox:1.36", container["image"]!.GetValue<string>());
        Assert.Equal("A", container["env"]![0]!["name"]!.GetValue<string>());
        // Spec changed twice (replicas, env); labels and annotations do not count.
        Assert.Equal(3, d["metadata"]!["generation"]!.GetValue<int>());
        (await cluster.KubectlAsync("label", "deploy", "web", "-n", ns, "x-")).Ok();
        Assert.Null((await JsonAsync("get", "deploy", "web", "-n", ns))["metadata"]!["labels"]!["x"]);
    }

    [Fact]
    public async Task ScaleAndReplace_Deployment_Updates()
    {
        var ns = await NamespaceAsync();
        (await cluster.KubectlAsync("create", "deployment", "web", "-n", ns, "--image=busybox:1.36")).Ok();
        (await cluster.KubectlAsync("scale", "deploy", "web", "-n", ns, "--replicas=5")).Ok();
        var d = await JsonAsync("get", "deploy", "web", "-n", ns);
        Assert.Equal(5, d["spec"]!["replicas"]!.GetValue<int>());
        d["spec"]!["replicas"] = 1;
        (await cluster.KubectlWithInputAsync(d.ToJsonString(), "replace", "-f", "-")).Ok();
        Assert.Equal(1, (await JsonAsync("get", "deploy", "web", "-n", ns))["spec"]!["replicas"]!.GetValue<int>());
        // A stale resourceVersion conflicts.
        (await cluster.KubectlWithInputAsync(d.ToJsonString(), "replace", "-f", "-")).Fails();
    }

    [Fact]
    public async Task Edit_WithEditor_SavesChange()
    {
        var ns = await NamespaceAsync();
        (await cluster.KubectlAsync("create", "configmap", "cfg", "-n", ns, "--from-literal=k=old")).Ok();
        var editor = Path.Combine(cluster.DataDir, $"editor-{ns}.sh");
        await File.WriteAllTextAsync(editor, "#!/bin/sh\nsed -i 's/k: old/k: new/' \"$1\"\n");
        File.SetUnixFileMode(editor, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var r = await ProcessRunner.RunAsync(Path.Combine(ClusterFixture.KubectlDir, "kubectl"), ["edit", "configmap", "cfg", "-n", ns],
            cluster.Env(new Dictionary<string, string> { ["KUBE_EDITOR"] = editor }));
        r.Ok();
        Assert.Equal("new", (await JsonAsync("get", "cm", "cfg", "-n", ns))["data"]!["k"]!.GetValue<string>());
    }

    [Fact]
    public async Task ApplyClientSide_RemovedField_IsPruned_AndDiffShowsChange()
    {
        var ns = await NamespaceAsync();
        var v1 = $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namespace: {ns}\n  labels:\n    keep: \"yes\"\n    drop: \"yes\"\ndata:\n  a: \"1\"\n  b: \"2\"\n";
        var v2 = $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namespace: {ns}\n  labels:\n    keep: \"yes\"\ndata:\n  a: \"1\"\n";
        (await cluster.KubectlWithInputAsync(v1, "apply", "-f", "-")).Ok();
        var diff = await cluster.KubectlWithInputAsync(v2, "diff", "-f", "-");
        Assert.Equal(1, diff.ExitCode);
        Assert.Contains("-  b: \"2\"", diff.Stdout);
        (await cluster.KubectlWithInputAsync(v2, "apply", "-f", "-")).Ok();
        var cm = await JsonAsync("get", "cm", "app", "-n", ns);
        Assert.Null(cm["data"]!["b"]);
        Assert.Null(cm["metadata"]!["labels"]!["drop"]);
        Assert.Equal("yes", cm["metadata"]!["labels"]!["keep"]!.GetValue<string>());
    }

    [Fact]
    public async Task ApplyServerSide_ConflictThenForce()
    {
        var ns = await NamespaceAsync();
        var doc = $"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ssa\n  namespace: {ns}\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: ssa\n  template:\n    metadata:\n      labels:\n        app: ssa\n    spec:\n      containers:\n      - name: c\n        image: busybox:1.36\n";
        (await cluster.KubectlWithInputAsync(doc, "apply", "--server-side", "-f", "-")).Ok();
        (await cluster.KubectlAsync("scale", "deploy", "ssa", "-n", ns, "--replicas=4")).Ok();
        var conflict = await cluster.KubectlWithInputAsync(doc, "apply", "--server-side", "-f", "-");
        conflict.Fails();
        Assert.Contains("conflict", conflict.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(".spec.replicas", conflict.Stderr);
        (await cluster.KubectlWithInputAsync(doc, "apply", "--server-side", "--force-conflicts", "-f", "-")).Ok();
        var d = await JsonAsync("get", "deploy", "ssa", "-n", ns, "--show-managed-fields");
        Assert.Equal(2, d["spec"]!["replicas"]!.GetValue<int>());
        Assert.Contains("kubectl", d["metadata"]!["managedFields"]!.ToJsonString());
    }

    [Fact]
    public async Task WaitAndDelete_ConditionAndDeletion_Complete()
    {
        var ns = await NamespaceAsync();
        (await cluster.KubectlAsync("create", "configmap", "a", "-n", ns)).Ok();
        (await cluster.KubectlAsync("create", "configmap", "b", "-n", ns)).Ok();
        (await cluster.KubectlAsync("label", "configmap", "a", "b", "-n", ns, "group=x")).Ok();
        var waitDelete = cluster.KubectlAsync("wait", "--for=delete", "configmap/a", "-n", ns, "--timeout=30s");
        (await cluster.KubectlAsync("delete", "configmap", "-n", ns, "-l", "group=x")).Ok();
        (await waitDelete).Ok();
        Assert.Equal("", (await cluster.KubectlAsync("get", "cm", "-n", ns, "-l", "group=x", "-o", "name")).Ok().Stdout.Trim());

        (await cluster.KubectlAsync("create", "configmap", "c", "-n", ns)).Ok();
        (await cluster.KubectlAsync("delete", "configmap", "--all", "-n", ns, "--cascade=orphan", "--wait=false")).Ok();
        (await cluster.KubectlAsync("create", "deployment", "d", "-n", ns, "--image=busybox:1.36")).Ok();
        (await cluster.KubectlAsync("delete", "deployment", "d", "-n", ns, "--cascade=background", "--grace-period=0")).Ok();
        (await cluster.KubectlAsync("get", "deployment", "d", "-n", ns)).Fails();
    }

    [Fact]
    public async Task DeleteByFile_RemovesObjects()
    {
        var ns = await NamespaceAsync();
        var doc = $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: f1\n  namespace: {ns}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: f2\n  namespace: {ns}\n";
        var file = Path.Combine(cluster.DataDir, $"{ns}.yaml");
        await File.WriteAllTextAsync(file, doc);
        (await cluster.KubectlAsync("create", "-f", file)).Ok();
        (await cluster.KubectlAsync("delete", "-f", file)).Ok();
        Assert.Equal("", (await cluster.KubectlAsync("get", "cm", "-n", ns, "-o", "name")).Ok().Stdout.Replace("configmap/kube-root-ca.crt", "").Trim());
    }

    [Fact]
    public async Task WaitForCondition_NamespaceStatus_Matches()
    {
        var ns = await NamespaceAsync();
        (await cluster.KubectlAsync("wait", "--for=jsonpath={.status.phase}=Active", $"namespace/{ns}", "--timeout=20s")).Ok();
    }

    [Fact]
    public async Task GetWatch_SeesNewObject()
    {
        var ns = await NamespaceAsync();
        var watch = ProcessRunner.RunAsync(Path.Combine(ClusterFixture.KubectlDir, "kubectl"),
            ["get", "configmaps", "-n", ns, "-w", "--request-timeout=6s"], cluster.Env(), timeout: TimeSpan.FromSeconds(20));
        await Task.Delay(1500);
        (await cluster.KubectlAsync("create", "configmap", "watched", "-n", ns)).Ok();
        var r = await watch;
        Assert.Contains("watched", r.Stdout);
    }

    [Theory]
    [InlineData("1.27")]
    [InlineData("1.33")]
    public async Task OlderAndNewerKubectl_CoreVerbs_Work(string version)
    {
        var ns = "v" + version.Replace(".", "") + "-" + Guid.NewGuid().ToString("N")[..6];
        (await cluster.KubectlVersionAsync(version, "create", "namespace", ns)).Ok();
        (await cluster.KubectlVersionAsync(version, "create", "deployment", "web", "-n", ns, "--image=busybox:1.36")).Ok();
        (await cluster.KubectlVersionAsync(version, "get", "deploy", "-n", ns)).Ok();
        (await cluster.KubectlVersionAsync(version, "scale", "deploy", "web", "-n", ns, "--replicas=2")).Ok();
        (await cluster.KubectlVersionAsync(version, "apply", "-f", Path.Combine(AppContext.BaseDirectory, "Manifests", "seeds", "00-namespace.yaml"))).Ok();
        (await cluster.KubectlVersionAsync(version, "delete", "deploy", "web", "-n", ns)).Ok();
    }
}
