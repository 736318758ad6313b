using KubeSharp.E2E.Infrastructure;

namespace KubeSharp.E2E;

/// <summary>A server with controllers, scheduler and 3 simulated nodes (short node grace and eviction times), driven by the real kubectl.</summary>
public sealed class ControlPlaneCluster : IAsyncLifetime
{
    public ClusterFixture Cluster { get; } = new()
    {
        // Nodes heartbeat every 10 s, so the grace period must be longer (upstream: 40 s); pods are evicted 4 s after.
        ExtraArgs = ["--simulate-nodes", "3", "--node-monitor-grace-period", "20", "--default-not-ready-toleration-seconds", "4", "--default-unreachable-toleration-seconds", "4"],
    };

    public Task InitializeAsync() => Cluster.InitializeAsync();

    public Task DisposeAsync() => Cluster.DisposeAsync();
}

[Trait("Category", "Slow")]
public sealed class ControlPlaneTests(ControlPlaneCluster fixture) : IClassFixture<ControlPlaneCluster>
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);
    private readonly ClusterFixture _cluster = fixture.Cluster;

    private async Task<string> NamespaceAsync()
    {
        var ns = "cp-" + Guid.NewGuid().ToString("N")[..8];
        (await _cluster.KubectlAsync("create", "namespace", ns)).Ok();
        return ns;
    }

    /// <summary>The nodes of the Running pods that are not being deleted, from `kubectl get pods -o json`.</summary>
    private static List<string> LivePodNodes(string json) =>
        System.Text.Json.Nodes.JsonNode.Parse(json)!["items"]!.AsArray()
            .Where(p => p!["metadata"]!["deletionTimestamp"] is null && p["status"]?["phase"]?.GetValue<string>() == "Running")
            .Select(p => p!["spec"]!["nodeName"]!.GetValue<string>())
            .ToList();

    private Task<string> EventuallyAsync(Func<string, bool> done, params string[] args) => Eventually.KubectlAsync(_cluster, done, Settle, args);

    [Fact]
    public async Task Deployment_RolloutHistoryUndoAndScale_Work()
    {
        var ns = await NamespaceAsync();
        (await _cluster.KubectlAsync("create", "deployment", "web", "-n", ns, "--image=busybox:1.36", "--replicas=3")).Ok();
        (await _cluster.KubectlAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s")).Ok();
        await EventuallyAsync(o => o.Trim() == "3", "get", "deploy", "web", "-n", ns, "-o", "jsonpath={.status.readyReplicas}");

        (await _cluster.KubectlAsync("set", "image", "deployment/web", "-n", ns, "busybox=busybox:1.37")).Ok();
        (await _cluster.KubectlAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s")).Ok();
        var history = (await _cluster.KubectlAsync("rollout", "history", "deployment/web", "-n", ns)).Ok().Stdout;
        Assert.Matches(@"(?m)^1\s", history);
        Assert.Matches(@"(?m)^2\s", history);

        (await _cluster.KubectlAsync("rollout", "undo", "deployment/web", "-n", ns)).Ok();
        (await _cluster.KubectlAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s")).Ok();
        Assert.Equal("busybox:1.36", (await _cluster.KubectlAsync("get", "deploy", "web", "-n", ns, "-o", "jsonpath={.spec.template.spec.containers[0].image}")).Ok().Stdout);

        (await _cluster.KubectlAsync("rollout", "pause", "deployment/web", "-n", ns)).Ok();
        await EventuallyAsync(o => o.Contains("DeploymentPaused"), "get", "deploy", "web", "-n", ns, "-o", "jsonpath={.status.conditions[?(@.type==\"Progressing\")].reason}");
        (await _cluster.KubectlAsync("rollout", "resume", "deployment/web", "-n", ns)).Ok();
        (await _cluster.KubectlAsync("rollout", "restart", "deployment/web", "-n", ns)).Ok();
        (await _cluster.KubectlAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s")).Ok();
        Assert.Matches(@"(?m)^4\s", (await _cluster.KubectlAsync("rollout", "history", "deployment/web", "-n", ns)).Ok().Stdout);

        (await _cluster.KubectlAsync("scale", "deployment/web", "-n", ns, "--replicas=5")).Ok();
        await EventuallyAsync(o => o.Trim() == "5", "get", "deploy", "web", "-n", ns, "-o", "jsonpath={.status.readyReplicas}");
        var pods = await EventuallyAsync(o => o.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 5, "get", "pods", "-n", ns, "-l", "app=web",
            "--field-selector=status.phase=Running", "-o", "name");
        Assert.Equal(5, pods.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Theory]
    [InlineData("orphan", true)]
    [InlineData("background", false)]
    [InlineData("foreground", false)]
    public async Task Delete_Cascade_OrphansOrDeletesDependents(string cascade, bool podsRemain)
    {
        var ns = await NamespaceAsync();
        (await _cluster.KubectlAsync("create", "deployment", "gc", "-n", ns, "--image=busybox", "--replicas=2")).Ok();
        await EventuallyAsync(o => o.Trim() == "2", "get", "deploy", "gc", "-n", ns, "-o", "jsonpath={.status.readyReplicas}");

        (await _cluster.KubectlAsync("delete", "deployment", "gc", "-n", ns, $"--cascade={cascade}")).Ok();

        if (podsRemain)
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Single((await _cluster.KubectlAsync("get", "rs", "-n", ns, "-o", "name")).Ok().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Equal(2, (await _cluster.KubectlAsync("get", "pods", "-n", ns, "-o", "name")).Ok().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }
        else
        {
            await EventuallyAsync(o => o.Trim().Length == 0, "get", "rs,pods", "-n", ns, "-o", "name");
        }
    }

    [Fact]
    public async Task Namespace_Delete_RemovesContentThenNamespace()
    {
        var ns = await NamespaceAsync();
        (await _cluster.KubectlAsync("create", "deployment", "inside", "-n", ns, "--image=busybox")).Ok();
        (await _cluster.KubectlAsync("create", "configmap", "cfg", "-n", ns, "--from-literal=a=b")).Ok();

        (await _cluster.KubectlAsync("delete", "namespace", ns, "--timeout=60s")).Ok();

        var gone = await _cluster.KubectlAsync("get", "namespace", ns);
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains("NotFound", gone.Stderr);
    }

    [Fact]
    public async Task ServiceAccountController_DefaultAccountAndRootCa_InEveryNamespace()
    {
        var ns = await NamespaceAsync();

        await EventuallyAsync(o => o.Contains("default"), "get", "serviceaccounts", "-n", ns, "-o", "name");
        var ca = await EventuallyAsync(o => o.Contains("BEGIN CERTIFICATE"), "get", "configmap", "kube-root-ca.crt", "-n", ns, "-o", "jsonpath={.data.ca\\.crt}");
        Assert.Contains("END CERTIFICATE", ca);
    }

    [Fact]
    public async Task Job_Completes()
    {
        var ns = await NamespaceAsync();
        (await _cluster.KubectlAsync("create", "job", "once", "-n", ns, "--image=busybox", "--", "true")).Ok();

        (await _cluster.KubectlAsync("wait", "--for=condition=complete", "job/once", "-n", ns, "--timeout=60s")).Ok();
        Assert.Equal("1", (await _cluster.KubectlAsync("get", "job", "once", "-n", ns, "-o", "jsonpath={.status.succeeded}")).Ok().Stdout);
    }

    [Fact]
    public async Task CronJob_FiresOnSchedule()
    {
        var ns = await NamespaceAsync();
        (await _cluster.KubectlAsync("create", "cronjob", "tick", "-n", ns, "--image=busybox", "--schedule=* * * * *", "--", "true")).Ok();

        var jobs = await Eventually.KubectlAsync(_cluster, o => o.Contains("job.batch/tick-"), TimeSpan.FromSeconds(90), "get", "jobs", "-n", ns, "-o", "name");
        Assert.Contains("job.batch/tick-", jobs);
        await Eventually.KubectlAsync(_cluster, o => o.Length > 0, TimeSpan.FromSeconds(30), "get", "cronjob", "tick", "-n", ns, "-o", "jsonpath={.status.lastScheduleTime}");
    }

    [Fact]
    public async Task DaemonSet_OnePodPerNode_FollowsNewNode()
    {
        var ns = await NamespaceAsync();
        await EventuallyAsync(o => o.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length >= 3, "get", "nodes", "-o", "name");
        var manifest = $"apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: {ns}\nspec:\n  selector:\n    matchLabels:\n      app: agent\n  template:\n    metadata:\n      labels:\n        app: agent\n    spec:\n      containers:\n      - name: agent\n        image: busybox\n";
        (await _cluster.KubectlWithInputAsync(manifest, "apply", "-f", "-")).Ok();
        var nodes = (await _cluster.KubectlAsync("get", "nodes", "-o", "name")).Ok().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        await EventuallyAsync(o => o.Trim() == nodes.ToString(System.Globalization.CultureInfo.InvariantCulture), "get", "ds", "agent", "-n", ns,
            "-o", "jsonpath={.status.numberReady}");

        await using var agent = AgentProcess.Start(_cluster, 1, "ds-extra-");
        await EventuallyAsync(o => o.Contains("ds-extra-0"), "get", "pods", "-n", ns, "-l", "app=agent", "-o", "wide");
        var placed = (await _cluster.KubectlAsync("get", "pods", "-n", ns, "-l", "app=agent", "-o", "jsonpath={.items[*].spec.nodeName}")).Ok().Stdout
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(placed.Length, placed.Distinct().Count());
        (await _cluster.KubectlAsync("delete", "node", "ds-extra-0")).Ok();
    }

    [Fact]
    public async Task StatefulSet_CreatesPodsInOrder()
    {
        var ns = await NamespaceAsync();
        var manifest = $"apiVersion: v1\nkind: Service\nmetadata:\n  name: db\n  namespace: {ns}\nspec:\n  clusterIP: None\n  selector:\n    app: db\n  ports:\n  - port: 5432\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\n  namespace: {ns}\nspec:\n  serviceName: db\n  replicas: 3\n  selector:\n    matchLabels:\n      app: db\n  template:\n    metadata:\n      labels:\n        app: db\n    spec:\n      containers:\n      - name: db\n        image: busybox\n";
        (await _cluster.KubectlWithInputAsync(manifest, "apply", "-f", "-")).Ok();

        await EventuallyAsync(o => o.Trim() == "3", "get", "sts", "db", "-n", ns, "-o", "jsonpath={.status.readyReplicas}");
        var created = (await _cluster.KubectlAsync("get", "pods", "-n", ns, "-l", "app=db", "--sort-by=.metadata.creationTimestamp", "-o",
            "jsonpath={range .items[*]}{.metadata.name}{\"\\n\"}{end}")).Ok().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["db-0", "db-1", "db-2"], created);
    }

    [Fact]
    public async Task Scheduler_PacksByRequests_OversizedPodStaysPendingWithUpstreamEvent()
    {
        var ns = await NamespaceAsync();
        (await _cluster.KubectlAsync("run", "huge", "-n", ns, "--image=busybox", "--restart=Never",
            "--overrides={\"spec\":{\"containers\":[{\"name\":\"huge\",\"image\":\"busybox\",\"resources\":{\"requests\":{\"cpu\":\"1000\"}}}]}}")).Ok();

        var events = await EventuallyAsync(o => o.Contains("FailedScheduling"), "get", "events", "-n", ns, "--field-selector=involvedObject.name=huge");
        Assert.Matches(@"0/\d+ nodes are available: .*\d+ Insufficient cpu", events);
        Assert.Equal("Pending", (await _cluster.KubectlAsync("get", "pod", "huge", "-n", ns, "-o", "jsonpath={.status.phase}")).Ok().Stdout);
    }

    [Fact]
    public async Task Scheduler_HigherPriorityPod_PreemptsLowerOne()
    {
        var ns = await NamespaceAsync();
        var nodes = (await _cluster.KubectlAsync("get", "nodes", "-l", "kubesharp.io/simulated=true", "-o", "name")).Ok().Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        var manifest = $"apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: urgent-{ns}\nvalue: 100000\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: filler\n  namespace: {ns}\nspec:\n  replicas: {nodes}\n  selector:\n    matchLabels:\n      app: filler\n  template:\n    metadata:\n      labels:\n        app: filler\n    spec:\n      containers:\n      - name: c\n        image: busybox\n        resources:\n          requests:\n            cpu: \"20\"\n";
        (await _cluster.KubectlWithInputAsync(manifest, "apply", "-f", "-")).Ok();
        await EventuallyAsync(o => o.Trim() == nodes.ToString(System.Globalization.CultureInfo.InvariantCulture), "get", "deploy", "filler", "-n", ns,
            "-o", "jsonpath={.status.readyReplicas}");

        (await _cluster.KubectlAsync("run", "vip", "-n", ns, "--image=busybox", "--restart=Never",
            $"--overrides={{\"spec\":{{\"priorityClassName\":\"urgent-{ns}\",\"containers\":[{{\"name\":\"vip\",\"image\":\"busybox\",\"resources\":{{\"requests\":{{\"cpu\":\"20\"}}}}}}]}}}}")).Ok();

        await EventuallyAsync(o => o.Trim() == "Running", "get", "pod", "vip", "-n", ns, "-o", "jsonpath={.status.phase}");
        Assert.Equal("100000", (await _cluster.KubectlAsync("get", "pod", "vip", "-n", ns, "-o", "jsonpath={.spec.priority}")).Ok().Stdout);
        var events = (await _cluster.KubectlAsync("get", "events", "-n", ns)).Ok().Stdout;
        Assert.Contains("Preempted", events);
        (await _cluster.KubectlAsync("delete", "priorityclass", $"urgent-{ns}")).Ok();
    }

    [Fact]
    public async Task CordonAndDrain_HonourPodDisruptionBudget()
    {
        var ns = await NamespaceAsync();
        await using var agent = AgentProcess.Start(_cluster, 1, "drain-");
        await EventuallyAsync(o => o.Contains("Ready"), "get", "node", "drain-0");
        var manifest = $"apiVersion: v1\nkind: Pod\nmetadata:\n  name: guarded\n  namespace: {ns}\n  labels:\n    app: guarded\nspec:\n  nodeName: drain-0\n  containers:\n  - name: c\n    image: busybox\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: keep\n  namespace: {ns}\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels:\n      app: guarded\n";
        (await _cluster.KubectlWithInputAsync(manifest, "apply", "-f", "-")).Ok();
        await EventuallyAsync(o => o.Trim() == "0", "get", "pdb", "keep", "-n", ns, "-o", "jsonpath={.status.disruptionsAllowed}");
        await EventuallyAsync(o => o.Trim() == "1", "get", "pdb", "keep", "-n", ns, "-o", "jsonpath={.status.currentHealthy}");

        (await _cluster.KubectlAsync("cordon", "drain-0")).Ok();
        Assert.Equal("true", (await _cluster.KubectlAsync("get", "node", "drain-0", "-o", "jsonpath={.spec.unschedulable}")).Ok().Stdout);
        var drain = await _cluster.KubectlAsync("drain", "drain-0", "--force", "--timeout=5s");
        Assert.NotEqual(0, drain.ExitCode);
        Assert.Contains("disruption budget", drain.Stdout + drain.Stderr);
        (await _cluster.KubectlAsync("get", "pod", "guarded", "-n", ns)).Ok();

        (await _cluster.KubectlAsync("delete", "pdb", "keep", "-n", ns)).Ok();
        (await _cluster.KubectlAsync("drain", "drain-0", "--force", "--timeout=30s")).Ok();
        (await _cluster.KubectlAsync("uncordon", "drain-0")).Ok();
        (await _cluster.KubectlAsync("delete", "node", "drain-0")).Ok();
    }

    [Fact]
    public async Task SilentNode_ItsPodsAreReplacedOnOtherNodes()
    {
        var ns = await NamespaceAsync();
        await using var agent = AgentProcess.Start(_cluster, 1, "doomed-");
        await EventuallyAsync(o => o.Contains("Ready"), "get", "node", "doomed-0");
        // Preferred (not required) affinity: the pods start on the doomed node, and their replacements may go elsewhere.
        var manifest = $"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: heal\n  namespace: {ns}\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: heal\n  template:\n    metadata:\n      labels:\n        app: heal\n    spec:\n      affinity:\n        nodeAffinity:\n          preferredDuringSchedulingIgnoredDuringExecution:\n          - weight: 100\n            preference:\n              matchExpressions:\n              - key: kubernetes.io/hostname\n                operator: In\n                values: [doomed-0]\n      containers:\n      - name: c\n        image: busybox\n";
        (await _cluster.KubectlWithInputAsync(manifest, "apply", "-f", "-")).Ok();
        await EventuallyAsync(o => o.Trim() == "2", "get", "deploy", "heal", "-n", ns, "-o", "jsonpath={.status.readyReplicas}");
        Assert.Contains("doomed-0", (await _cluster.KubectlAsync("get", "pods", "-n", ns, "-l", "app=heal", "-o", "jsonpath={.items[*].spec.nodeName}")).Ok().Stdout);
        // The DefaultTolerationSeconds admission gave every pod both tolerations, with the server's seconds.
        var described = (await _cluster.KubectlAsync("describe", "pods", "-n", ns, "-l", "app=heal")).Ok().Stdout;
        Assert.Contains("node.kubernetes.io/not-ready:NoExecute op=Exists for 4s", described, StringComparison.Ordinal);
        Assert.Contains("node.kubernetes.io/unreachable:NoExecute op=Exists for 4s", described, StringComparison.Ordinal);

        await agent.KillAsync();

        await EventuallyAsync(o => o.Contains("NotReady"), "get", "node", "doomed-0");
        // The evicted pods stay Terminating on the dead node (no kubelet confirms); their replacements run elsewhere.
        var placement = await EventuallyAsync(o => LivePodNodes(o) is { Count: 2 } nodes && !nodes.Contains("doomed-0"),
            "get", "pods", "-n", ns, "-l", "app=heal", "-o", "json");
        Assert.DoesNotContain("doomed-0", LivePodNodes(placement));
        (await _cluster.KubectlAsync("delete", "node", "doomed-0")).Ok();
    }
}
