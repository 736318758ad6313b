using System.Text.Json.Nodes;
using KubeSharp.E2E.Infrastructure;
using KubeSharp.Testing;

namespace KubeSharp.E2E;

/// <summary>A server whose own node agent runs real containers through containerd; a local docker-registry for pulls.</summary>
public sealed class NodeAgentCluster : IAsyncLifetime
{
    public const string RegistryUser = "puller";

    public const string RegistryPassword = "s3cret-pull";

    public DockerRegistryProcess Registry { get; private set; } = null!;

    /// <summary>A registry that asks for credentials, for imagePullSecrets.</summary>
    public DockerRegistryProcess PrivateRegistry { get; private set; } = null!;

    public ClusterFixture Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Registry = await DockerRegistryProcess.StartAsync();
        PrivateRegistry = await DockerRegistryProcess.StartAsync(RegistryUser, RegistryPassword);
        Cluster = new ClusterFixture
        {
            RunAgent = true, ExtraArgs = ["--insecure-registry", Registry.Address, "--insecure-registry", PrivateRegistry.Address],
        };
        try
        {
            await Cluster.InitializeAsync();
            await Eventually.KubectlAsync(Cluster, o => o.Contains("True", StringComparison.Ordinal), TimeSpan.FromSeconds(120),
                "get", "node", ClusterFixture.NodeName, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}");
        }
        catch
        {
            // xunit does not dispose a fixture whose set-up failed: stop the server, the agent's containers and the registry here.
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        if (Registry is not null)
        {
            await Registry.DisposeAsync();
        }

        if (PrivateRegistry is not null)
        {
            await PrivateRegistry.DisposeAsync();
        }
    }
}

/// <summary>Issue #4's end-to-end tests: real pods on containerd, driven by the real kubectl.</summary>
[Trait("Category", "Slow")]
[Trait("Category", "Containerd")]
[Collection(ContainerdNodes.Name)]
public sealed class NodeAgentTests(NodeAgentCluster fixture) : IClassFixture<NodeAgentCluster>
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);
    private readonly ClusterFixture _cluster = fixture.Cluster;

    private async Task<string> NamespaceAsync()
    {
        var ns = "na-" + Guid.NewGuid().ToString("N")[..8];
        (await _cluster.KubectlAsync("create", "namespace", ns)).Ok();
        await EventuallyAsync(o => o.Contains("default", StringComparison.Ordinal), "get", "serviceaccounts", "-n", ns, "-o", "name");
        return ns;
    }

    private Task<string> EventuallyAsync(Func<string, bool> done, params string[] args) => Eventually.KubectlAsync(_cluster, done, Settle, args);

    /// <summary>Waits until the pod's phase is <paramref name="phase"/>.</summary>
    private Task<string> PodPhaseAsync(string ns, string pod, string phase) =>
        EventuallyAsync(o => o == phase, "get", "pod", pod, "-n", ns, "-o", "jsonpath={.status.phase}");

    /// <summary>Waits until the pod's condition <paramref name="type"/> is True.</summary>
    private Task<string> PodConditionAsync(string ns, string pod, string type) =>
        EventuallyAsync(o => o == "True", "get", "pod", pod, "-n", ns, "-o", $"jsonpath={{.status.conditions[?(@.type==\"{type}\")].status}}");

    private async Task ApplyAsync(string ns, string yaml) => (await _cluster.KubectlWithInputAsync(yaml, "apply", "-n", ns, "-f", "-")).Ok();

    private async Task<JsonNode> PodAsync(string ns, string name) =>
        JsonNode.Parse((await _cluster.KubectlAsync("get", "pod", name, "-n", ns, "-o", "json")).Ok().Stdout)!;

    private const string HttpdDeployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              terminationGracePeriodSeconds: 1
              containers:
              - name: httpd
                image: busybox:1.35
                command: ["sh", "-c", "echo hello from $(hostname) > /var/www/index.html; exec httpd -f -p 8080 -h /var/www"]
                ports: [{containerPort: 8080}]
        """;

    [Fact]
    public async Task Deployment_BusyboxHttpd_RunsWithPodIpsServesHttpAndLeavesNothingWhenDeleted()
    {
        var ns = await NamespaceAsync();
        var netnsBefore = NetworkNamespaces();
        await ApplyAsync(ns, HttpdDeployment);
        (await _cluster.KubectlAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=90s")).Ok();

        var pods = JsonNode.Parse((await _cluster.KubectlAsync("get", "pods", "-n", ns, "-l", "app=web", "-o", "json")).Ok().Stdout)!["items"]!.AsArray();
        Assert.Equal(2, pods.Count);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var pod in pods)
        {
            var ip = pod!["status"]!["podIP"]!.GetValue<string>();
            Assert.True(System.Net.IPNetwork.Parse(_cluster.ClusterCidr).Contains(System.Net.IPAddress.Parse(ip)), ip);
            Assert.Equal("Running", pod["status"]!["phase"]!.GetValue<string>());
            var body = await http.GetStringAsync($"http://{ip}:8080/");
            Assert.Equal($"hello from {pod["metadata"]!["name"]!.GetValue<string>()}\n", body);
        }

        Assert.Equal(netnsBefore + 2, NetworkNamespaces());
        (await _cluster.KubectlAsync("delete", "deployment", "web", "-n", ns, "--wait=true")).Ok();
        await EventuallyAsync(o => o.Trim().Length == 0, "get", "pods", "-n", ns, "-o", "name");
        var left = await Eventually.ConditionAsync(async () => (await RuntimeObjectsOfNamespaceAsync(ns)).Count == 0, Settle);
        Assert.True(left, "containers or sandboxes of the deleted pods are left in containerd");
        Assert.Equal(netnsBefore, NetworkNamespaces());
    }

    [Fact]
    public async Task Container_KilledThenLivenessFailing_RestartedWithCountsAndEvents()
    {
        var ns = await NamespaceAsync();
        await ApplyAsync(ns, """
            apiVersion: v1
            kind: Pod
            metadata: {name: trap}
            spec:
              containers:
              - name: c
                image: busybox:1.35
                command: ["sh", "-c", "echo started; trap 'exit 3' TERM; while true; do sleep 1; done"]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: live}
            spec:
              containers:
              - name: c
                image: busybox:1.35
                command: ["sh", "-c", "touch /tmp/healthy; sleep 3600"]
                livenessProbe: {exec: {command: ["cat", "/tmp/healthy"]}, periodSeconds: 1, failureThreshold: 1}
            """);
        await EventuallyAsync(o => o == "true", "get", "pod", "trap", "-n", ns, "-o", "jsonpath={.status.containerStatuses[0].ready}");
        (await _cluster.KubectlAsync("exec", "trap", "-n", ns, "--", "kill", "1")).Ok();
        await EventuallyAsync(o => o == "1", "get", "pod", "trap", "-n", ns, "-o", "jsonpath={.status.containerStatuses[0].restartCount}");
        var trap = await PodAsync(ns, "trap");
        Assert.Equal(3, trap["status"]!["containerStatuses"]![0]!["lastState"]!["terminated"]!["exitCode"]!.GetValue<int>());
        Assert.Equal("Error", trap["status"]!["containerStatuses"]![0]!["lastState"]!["terminated"]!["reason"]!.GetValue<string>());
        Assert.Equal("started\n", (await _cluster.KubectlAsync("logs", "trap", "-n", ns, "--previous")).Ok().Stdout);

        await EventuallyAsync(o => o == "true", "get", "pod", "live", "-n", ns, "-o", "jsonpath={.status.containerStatuses[0].ready}");
        (await _cluster.KubectlAsync("exec", "live", "-n", ns, "--", "rm", "/tmp/healthy")).Ok();
        await EventuallyAsync(o => int.TryParse(o, out var n) && n >= 1, "get", "pod", "live", "-n", ns, "-o", "jsonpath={.status.containerStatuses[0].restartCount}");
        var events = (await _cluster.KubectlAsync("get", "events", "-n", ns, "--field-selector", "involvedObject.name=live", "-o", "json")).Ok().Stdout;
        Assert.Contains("Liveness probe failed:", events, StringComparison.Ordinal);
        Assert.Contains("Container c failed liveness probe, will be restarted", events, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadinessProbeFailing_PodNotReadyAndNotInEndpoints()
    {
        var ns = await NamespaceAsync();
        await ApplyAsync(ns, """
            apiVersion: v1
            kind: Pod
            metadata: {name: good, labels: {app: r}}
            spec:
              containers:
              - name: c
                image: busybox:1.35
                command: ["sh", "-c", "echo ok > /tmp/index.html; exec httpd -f -p 8080 -h /tmp"]
                readinessProbe: {httpGet: {path: /, port: 8080}, periodSeconds: 1}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: bad, labels: {app: r}}
            spec:
              containers:
              - name: c
                image: busybox:1.35
                command: ["sleep", "3600"]
                readinessProbe: {httpGet: {path: /, port: 8080}, periodSeconds: 1}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: r}
            spec:
              selector: {app: r}
              ports: [{port: 80, targetPort: 8080}]
            """);
        await PodConditionAsync(ns, "good", "Ready");
        var goodIp = (await _cluster.KubectlAsync("get", "pod", "good", "-n", ns, "-o", "jsonpath={.status.podIP}")).Ok().Stdout;
        var badIp = (await _cluster.KubectlAsync("get", "pod", "bad", "-n", ns, "-o", "jsonpath={.status.podIP}")).Ok().Stdout;
        var endpoints = await EventuallyAsync(o => o.Contains(goodIp, StringComparison.Ordinal) && o.Contains(badIp, StringComparison.Ordinal),
            "get", "endpoints", "r", "-n", ns, "-o", "jsonpath={.subsets[0].addresses[*].ip}|{.subsets[0].notReadyAddresses[*].ip}");
        Assert.Equal(goodIp + "|" + badIp, endpoints);
        Assert.Equal("False", (await _cluster.KubectlAsync("get", "pod", "bad", "-n", ns, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}")).Ok().Stdout);
        var events = (await _cluster.KubectlAsync("get", "events", "-n", ns, "--field-selector", "involvedObject.name=bad", "-o", "json")).Ok().Stdout;
        Assert.Contains("Readiness probe failed:", events, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Top_NodeAndPod_UsageFromTheKubeletThroughMetricsApi()
    {
        var ns = await NamespaceAsync();
        await ApplyAsync(ns, """
            apiVersion: v1
            kind: Pod
            metadata: {name: idle}
            spec:
              terminationGracePeriodSeconds: 1
              containers:
              - name: c
                image: busybox:1.35
                command: ["sleep", "3600"]
            """);
        await PodConditionAsync(ns, "idle", "Ready");

        // Rates need two kubelet samples (10 s apart) before a node or pod shows up.
        var nodes = await EventuallyAsync(o => o.Contains(ClusterFixture.NodeName, StringComparison.Ordinal), "top", "node");
        Assert.Matches(@"\d+m\s+\d+%\s+\d+Mi\s+\d+%", nodes);
        var pods = await EventuallyAsync(o => o.Contains("idle", StringComparison.Ordinal), "top", "pod", "-n", ns, "--containers");
        Assert.Matches(@"idle\s+c\s+\d+m\s+\d+Mi", pods);
        var old = (await _cluster.KubectlVersionAsync("1.27", "top", "pod", "idle", "-n", ns)).Ok();
        Assert.Matches(@"idle\s+\d+m\s+\d+Mi", old.Stdout);
        var raw = JsonNode.Parse((await _cluster.KubectlAsync("get", "--raw", $"/apis/metrics.k8s.io/v1beta1/namespaces/{ns}/pods/idle")).Ok().Stdout)!;
        Assert.Equal("PodMetrics", raw["kind"]!.GetValue<string>());
        Assert.EndsWith("s", raw["window"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MemoryHogOverLimit_OomKilled()
    {
        var ns = await NamespaceAsync();
        await ApplyAsync(ns, """
            apiVersion: v1
            kind: Pod
            metadata: {name: hog}
            spec:
              restartPolicy: Never
              containers:
              - name: c
                image: busybox:1.35
                command: ["sh", "-c", "exec dd if=/dev/zero of=/dev/shm/fill bs=1M count=256"]
                resources: {limits: {memory: 32Mi}}
            """);
        await PodPhaseAsync(ns, "hog", "Failed");
        var terminated = (await PodAsync(ns, "hog"))["status"]!["containerStatuses"]![0]!["state"]!["terminated"]!;
        Assert.Equal("OOMKilled", terminated["reason"]!.GetValue<string>());
        Assert.Equal(137, terminated["exitCode"]!.GetValue<int>());
    }

    [Fact]
    public async Task ConfigMapSecretFieldRefAndInitContainer_ReachTheContainer()
    {
        var ns = await NamespaceAsync();
        (await _cluster.KubectlAsync("create", "configmap", "conf", "-n", ns, "--from-literal=greeting=hello")).Ok();
        (await _cluster.KubectlAsync("create", "secret", "generic", "creds", "-n", ns, "--from-literal=password=s3cret")).Ok();
        await ApplyAsync(ns, """
            apiVersion: v1
            kind: Pod
            metadata: {name: cfg, labels: {tier: demo}}
            spec:
              initContainers:
              - name: first
                image: busybox:1.35
                command: ["sh", "-c", "echo init-ran > /work/marker"]
                volumeMounts: [{name: work, mountPath: /work}]
              containers:
              - name: c
                image: busybox:1.35
                command: ["sh", "-c", "echo PASSWORD=$PASSWORD POD=$POD_NAME NS=$POD_NS; cat /work/marker; sleep 3600"]
                env:
                - name: PASSWORD
                  valueFrom: {secretKeyRef: {name: creds, key: password}}
                - name: POD_NAME
                  valueFrom: {fieldRef: {fieldPath: metadata.name}}
                - name: POD_NS
                  valueFrom: {fieldRef: {fieldPath: metadata.namespace}}
                volumeMounts:
                - {name: work, mountPath: /work}
                - {name: conf, mountPath: /etc/conf}
              volumes:
              - {name: work, emptyDir: {}}
              - {name: conf, configMap: {name: conf}}
            """);
        await EventuallyAsync(o => o == "true", "get", "pod", "cfg", "-n", ns, "-o", "jsonpath={.status.containerStatuses[0].ready}");
        var logs = await EventuallyAsync(o => o.Contains("init-ran", StringComparison.Ordinal), "logs", "cfg", "-n", ns, "-c", "c");
        Assert.Equal($"PASSWORD=s3cret POD=cfg NS={ns}\ninit-ran\n", logs);
        Assert.Equal("hello", (await _cluster.KubectlAsync("exec", "cfg", "-n", ns, "-c", "c", "--", "cat", "/etc/conf/greeting")).Ok().Stdout);
        var init = (await PodAsync(ns, "cfg"))["status"]!["initContainerStatuses"]![0]!["state"]!["terminated"]!;
        Assert.Equal("Completed", init["reason"]!.GetValue<string>());

        (await _cluster.KubectlAsync("patch", "configmap", "conf", "-n", ns, "-p", """{"data":{"greeting":"updated"}}""")).Ok();
        await EventuallyAsync(o => o == "updated", "exec", "cfg", "-n", ns, "-c", "c", "--", "cat", "/etc/conf/greeting");
    }

    [Fact]
    public async Task Job_PodRunsToSucceededAndJobCompletes()
    {
        var ns = await NamespaceAsync();
        (await _cluster.KubectlAsync("create", "job", "once", "-n", ns, "--image=busybox:1.35", "--", "sh", "-c", "echo done")).Ok();
        (await _cluster.KubectlAsync("wait", "--for=condition=complete", "job/once", "-n", ns, "--timeout=90s")).Ok();
        var phase = (await _cluster.KubectlAsync("get", "pods", "-n", ns, "-l", "job-name=once", "-o", "jsonpath={.items[0].status.phase}")).Ok().Stdout;
        Assert.Equal("Succeeded", phase);
        Assert.Equal("done\n", (await _cluster.KubectlAsync("logs", "job/once", "-n", ns)).Ok().Stdout);
    }

    [Fact]
    public async Task BadImage_ErrImagePullThenImagePullBackOff()
    {
        var ns = await NamespaceAsync();
        (await _cluster.KubectlAsync("run", "bad", "-n", ns, $"--image={fixture.Registry.Address}/nothing/here:1.0")).Ok();
        await EventuallyAsync(o => o is "ErrImagePull" or "ImagePullBackOff", "get", "pod", "bad", "-n", ns,
            "-o", "jsonpath={.status.containerStatuses[0].state.waiting.reason}");
        await EventuallyAsync(o => o == "ImagePullBackOff", "get", "pod", "bad", "-n", ns,
            "-o", "jsonpath={.status.containerStatuses[0].state.waiting.reason}");
        var events = (await _cluster.KubectlAsync("get", "events", "-n", ns, "--field-selector", "involvedObject.name=bad", "-o", "json")).Ok().Stdout;
        Assert.Contains("Failed to pull image", events, StringComparison.Ordinal);
        Assert.Equal("Pending", (await _cluster.KubectlAsync("get", "pod", "bad", "-n", ns, "-o", "jsonpath={.status.phase}")).Ok().Stdout);
    }

    [Fact]
    public async Task ImageFromLocalRegistry_PulledAndRun()
    {
        var ns = await NamespaceAsync();
        var tarball = Path.Combine(_cluster.DataDir, "agent", "images", "busybox.tar");
        var push = await ProcessRunner.KubesharpAsync("images", "push", "--registry", fixture.Registry.Address, "--insecure", tarball);
        push.Ok();
        var image = $"{fixture.Registry.Address}/library/busybox:1.35";
        (await _cluster.KubectlAsync("run", "pulled", "-n", ns, $"--image={image}", "--image-pull-policy=Always", "--restart=Never", "--", "echo", "pulled")).Ok();
        await PodPhaseAsync(ns, "pulled", "Succeeded");
        Assert.Equal("pulled\n", (await _cluster.KubectlAsync("logs", "pulled", "-n", ns)).Ok().Stdout);
        var events = (await _cluster.KubectlAsync("get", "events", "-n", ns, "--field-selector", "involvedObject.name=pulled", "-o", "json")).Ok().Stdout;
        Assert.Contains($"Successfully pulled image \\\"{image}\\\"", events, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LifecycleHooks_PostStartRunsBeforeReadyPreStopOnDeleteFailingPostStartKills()
    {
        var ns = await NamespaceAsync();
        var hostDir = Path.Combine(_cluster.DataDir, "hooks-" + ns);
        await ApplyAsync(ns, $$$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: hooked}
            spec:
              terminationGracePeriodSeconds: 5
              volumes: [{name: hooks, hostPath: {path: "{{{hostDir}}}", type: DirectoryOrCreate}}]
              containers:
              - name: c
                image: busybox:1.35
                command: ["sh", "-c", "while [ ! -f /hooks/poststart ]; do sleep 0.1; done; cat /hooks/poststart; exec sleep 3600"]
                volumeMounts: [{name: hooks, mountPath: /hooks}]
                lifecycle:
                  postStart: {exec: {command: ["sh", "-c", "echo started > /hooks/poststart"]}}
                  preStop: {exec: {command: ["sh", "-c", "echo stopping > /hooks/prestop"]}}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: badhook}
            spec:
              terminationGracePeriodSeconds: 1
              containers:
              - name: c
                image: busybox:1.35
                command: ["sleep", "3600"]
                lifecycle:
                  postStart: {exec: {command: ["sh", "-c", "exit 3"]}}
            """);
        await EventuallyAsync(o => o == "true", "get", "pod", "hooked", "-n", ns, "-o", "jsonpath={.status.containerStatuses[0].ready}");
        await EventuallyAsync(o => o == "started\n", "logs", "hooked", "-n", ns);

        (await _cluster.KubectlAsync("delete", "pod", "hooked", "-n", ns, "--wait=true")).Ok();
        Assert.Equal("stopping\n", await File.ReadAllTextAsync(Path.Combine(hostDir, "prestop")));

        var events = await EventuallyAsync(o => o.Contains("FailedPostStartHook", StringComparison.Ordinal),
            "get", "events", "-n", ns, "--field-selector", "involvedObject.name=badhook", "-o", "jsonpath={range .items[*]}{.reason}{\"\\n\"}{end}");
        Assert.Contains("Killing", events, StringComparison.Ordinal);
        await EventuallyAsync(o => int.TryParse(o, out var restarts) && restarts >= 1,
            "get", "pod", "badhook", "-n", ns, "-o", "jsonpath={.status.containerStatuses[0].restartCount}");
    }

    [Fact]
    public async Task ActiveDeadlineSeconds_PodKilledAndFailedDeadlineExceeded()
    {
        var ns = await NamespaceAsync();
        await ApplyAsync(ns, """
            apiVersion: v1
            kind: Pod
            metadata: {name: bounded}
            spec:
              activeDeadlineSeconds: 3
              terminationGracePeriodSeconds: 1
              containers: [{name: c, image: busybox:1.35, command: ["sleep", "3600"]}]
            """);
        await PodPhaseAsync(ns, "bounded", "Failed");
        var status = (await PodAsync(ns, "bounded"))["status"]!;
        Assert.Equal("DeadlineExceeded", status["reason"]!.GetValue<string>());
        Assert.NotNull(status["containerStatuses"]![0]!["state"]!["terminated"]);
        Assert.Matches(@"Reason:\s+DeadlineExceeded", (await _cluster.KubectlAsync("describe", "pod", "bounded", "-n", ns)).Ok().Stdout);
    }

    [Fact]
    public async Task PodBoundPastTheScheduler_BeyondAllocatable_RejectedOutOfcpu()
    {
        var ns = await NamespaceAsync();
        await ApplyAsync(ns, """
            apiVersion: v1
            kind: Pod
            metadata: {name: hungry}
            spec:
              nodeName: NODE
              containers: [{name: c, image: busybox:1.35, resources: {requests: {cpu: "512"}}}]
            """.Replace("NODE", ClusterFixture.NodeName, StringComparison.Ordinal));
        await PodPhaseAsync(ns, "hungry", "Failed");
        var status = (await PodAsync(ns, "hungry"))["status"]!;
        Assert.Equal("OutOfcpu", status["reason"]!.GetValue<string>());
        Assert.StartsWith("Pod was rejected: Node didn't have enough resource: cpu, requested: 512000, used: ", status["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("OutOfcpu", (await _cluster.KubectlAsync("get", "events", "-n", ns, "--field-selector", "involvedObject.name=hungry")).Ok().Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadinessGate_PodReadyOnlyAfterAnotherComponentSetsTheCondition()
    {
        var ns = await NamespaceAsync();
        await ApplyAsync(ns, """
            apiVersion: v1
            kind: Pod
            metadata: {name: gated}
            spec:
              terminationGracePeriodSeconds: 1
              readinessGates: [{conditionType: example.com/load-balancer}]
              containers: [{name: c, image: busybox:1.35, command: ["sleep", "3600"]}]
            """);
        await PodConditionAsync(ns, "gated", "ContainersReady");
        var ready = (await PodAsync(ns, "gated"))["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "Ready")!;
        Assert.Equal("False", ready["status"]!.GetValue<string>());
        Assert.Equal("ReadinessGatesNotReady", ready["reason"]!.GetValue<string>());
        // READY counts ready containers (1/1, as upstream); READINESS GATES 0/1.
        Assert.Matches(@"gated\s+1/1\s+Running.*\s0/1\s*$", (await _cluster.KubectlAsync("get", "pod", "gated", "-n", ns, "-o", "wide", "--no-headers")).Ok().Stdout.Trim());

        (await _cluster.KubectlAsync("patch", "pod", "gated", "-n", ns, "--subresource=status", "--type=strategic",
            "-p", """{"status":{"conditions":[{"type":"example.com/load-balancer","status":"True"}]}}""")).Ok();
        await PodConditionAsync(ns, "gated", "Ready");
        Assert.Matches(@"gated\s+1/1\s+Running.*\s1/1\s*$", (await _cluster.KubectlAsync("get", "pod", "gated", "-n", ns, "-o", "wide", "--no-headers")).Ok().Stdout.Trim());
    }

    [Fact]
    public async Task PrivateRegistry_PulledWithImagePullSecretOnly()
    {
        var ns = await NamespaceAsync();
        var registry = fixture.PrivateRegistry.Address;
        var tarball = Path.Combine(_cluster.DataDir, "agent", "images", "busybox.tar");
        var unauthenticated = await ProcessRunner.KubesharpAsync("images", "push", "--registry", registry, "--insecure", tarball);
        Assert.NotEqual(0, unauthenticated.ExitCode);
        (await ProcessRunner.KubesharpAsync("images", "push", "--registry", registry, "--insecure", "--username", NodeAgentCluster.RegistryUser,
            "--password", NodeAgentCluster.RegistryPassword, tarball)).Ok();
        var image = $"{registry}/library/busybox:1.35";

        (await _cluster.KubectlAsync("run", "nosecret", "-n", ns, $"--image={image}", "--image-pull-policy=Always", "--restart=Never", "--", "true")).Ok();
        await EventuallyAsync(o => o is "ErrImagePull" or "ImagePullBackOff", "get", "pod", "nosecret", "-n", ns,
            "-o", "jsonpath={.status.containerStatuses[0].state.waiting.reason}");

        (await _cluster.KubectlAsync("create", "secret", "docker-registry", "wrong", "-n", ns, $"--docker-server={registry}",
            "--docker-username=" + NodeAgentCluster.RegistryUser, "--docker-password=not-it")).Ok();
        (await _cluster.KubectlAsync("create", "secret", "docker-registry", "creds", "-n", ns, $"--docker-server={registry}",
            "--docker-username=" + NodeAgentCluster.RegistryUser, "--docker-password=" + NodeAgentCluster.RegistryPassword)).Ok();
        await ApplyAsync(ns, $$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: wrongsecret}
            spec:
              restartPolicy: Never
              imagePullSecrets: [{name: wrong}]
              containers: [{name: c, image: "{{image}}", imagePullPolicy: Always, command: ["true"]}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: withsecret}
            spec:
              restartPolicy: Never
              imagePullSecrets: [{name: creds}]
              containers: [{name: c, image: "{{image}}", imagePullPolicy: Always, command: ["echo", "private"]}]
            """);
        await PodPhaseAsync(ns, "withsecret", "Succeeded");
        Assert.Equal("private\n", (await _cluster.KubectlAsync("logs", "withsecret", "-n", ns)).Ok().Stdout);
        await EventuallyAsync(o => o is "ErrImagePull" or "ImagePullBackOff", "get", "pod", "wrongsecret", "-n", ns,
            "-o", "jsonpath={.status.containerStatuses[0].state.waiting.reason}");
        var message = (await _cluster.KubectlAsync("get", "pod", "nosecret", "-n", ns, "-o", "jsonpath={.status.containerStatuses[0].state.waiting.message}")).Ok().Stdout;
        Assert.Contains("401", message + (await _cluster.KubectlAsync("describe", "pod", "nosecret", "-n", ns)).Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.27")]
    [InlineData("1.33")]
    public async Task LogsExecAttachPortForwardCp_WorkWithKubectlVersion(string version)
    {
        var ns = await NamespaceAsync();
        await ApplyAsync(ns, """
            apiVersion: v1
            kind: Pod
            metadata: {name: tools}
            spec:
              terminationGracePeriodSeconds: 1
              containers:
              - name: c
                image: busybox:1.35
                command: ["sh", "-c", "echo line1; echo line2; echo page > /var/www/index.html; exec httpd -f -p 8080 -h /var/www"]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: reader}
            spec:
              terminationGracePeriodSeconds: 1
              restartPolicy: Never
              containers:
              - name: c
                image: busybox:1.35
                stdin: true
                stdinOnce: true
                command: ["sh", "-c", "read line; echo got $line"]
            """);
        await EventuallyAsync(o => o == "true", "get", "pod", "tools", "-n", ns, "-o", "jsonpath={.status.containerStatuses[0].ready}");
        await PodPhaseAsync(ns, "reader", "Running");

        // kubectl ≥ 1.31 streams over websocket v5 (translated to SPDY for the node); stdin's end must reach the command.
        var piped = await _cluster.KubectlVersionWithInputAsync(version, "piped\n", "-v=6", "exec", "-i", "tools", "-n", ns, "--", "sh", "-c", "cat; echo end");
        Assert.Equal("piped\nend\n", piped.Ok().Stdout);
        Assert.DoesNotContain("fallback", piped.Stderr, StringComparison.OrdinalIgnoreCase);
        // exec -it in a real terminal (script(1) gives kubectl a pty): the TTY and its size reach the container.
        var kubectl = Path.Combine(ClusterFixture.KubectlDir, "kubectl." + version);
        var terminal = await ProcessRunner.RunAsync("script", ["-qec", $"stty cols 123 rows 45; {kubectl} exec -it tools -n {ns} -- sh -c '{TerminalProbe}'", "/dev/null"],
            _cluster.Env(), "");
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(terminal.Ok().Stdout, @"/dev/pts/\d+\r?\n(\^@)?45 123"), terminal.Stdout + "|" + terminal.Stderr);
        var attached = await _cluster.KubectlVersionWithInputAsync(version, "hello\n", "attach", "-i", "reader", "-n", ns);
        Assert.Contains("got hello", attached.Stdout, StringComparison.Ordinal);
        await PodPhaseAsync(ns, "reader", "Succeeded");

        // nodes/proxy reaches the kubelet's own endpoints.
        Assert.Equal("ok", (await _cluster.KubectlVersionAsync(version, "get", "--raw", $"/api/v1/nodes/{ClusterFixture.NodeName}/proxy/healthz")).Ok().Stdout.Trim());
        var summary = JsonNode.Parse((await _cluster.KubectlVersionAsync(version, "get", "--raw",
            $"/api/v1/nodes/{ClusterFixture.NodeName}/proxy/stats/summary")).Ok().Stdout)!;
        Assert.Equal(ClusterFixture.NodeName, summary["node"]!["nodeName"]!.GetValue<string>());
        var podList = JsonNode.Parse((await _cluster.KubectlVersionAsync(version, "get", "--raw", $"/api/v1/nodes/{ClusterFixture.NodeName}/proxy/pods")).Ok().Stdout)!;
        Assert.Equal("PodList", podList["kind"]!.GetValue<string>());
        Assert.Contains(podList["items"]!.AsArray(), p => p!["metadata"]!["name"]!.GetValue<string>() == "tools" && p["metadata"]!["namespace"]!.GetValue<string>() == ns);

        Assert.Equal("line1\nline2\n", (await _cluster.KubectlVersionAsync(version, "logs", "tools", "-n", ns)).Ok().Stdout);
        Assert.Equal("line2\n", (await _cluster.KubectlVersionAsync(version, "logs", "tools", "-n", ns, "--tail=1")).Ok().Stdout);
        Assert.Equal("hi\n", (await _cluster.KubectlVersionAsync(version, "exec", "tools", "-n", ns, "--", "echo", "hi")).Ok().Stdout);
        var failing = await _cluster.KubectlVersionAsync(version, "exec", "tools", "-n", ns, "--", "sh", "-c", "exit 7");
        Assert.Equal(7, failing.ExitCode);

        var local = Path.Combine(_cluster.DataDir, "cp-" + version + ".txt");
        await File.WriteAllTextAsync(local, "copied " + version);
        (await _cluster.KubectlVersionAsync(version, "cp", local, $"{ns}/tools:/tmp/copied.txt")).Ok();
        Assert.Equal("copied " + version, (await _cluster.KubectlVersionAsync(version, "exec", "tools", "-n", ns, "--", "cat", "/tmp/copied.txt")).Ok().Stdout);

        var port = FreePort.Next();
        var forward = ProcessRunner.Start(Path.Combine(ClusterFixture.KubectlDir, "kubectl." + version),
            ["port-forward", "-n", ns, "pod/tools", $"{port}:8080"], _cluster.Env());
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var body = await Eventually.ValueAsync(async () => await http.GetStringAsync($"http://127.0.0.1:{port}/"), Settle);
            Assert.Equal("page\n", body);
        }
        finally
        {
            forward.Kill(entireProcessTree: true);
            await forward.WaitForExitAsync();
            forward.Dispose();
        }
    }

    /// <summary>Prints the tty, then its size once the client's first resize message has set it.</summary>
    private const string TerminalProbe = "tty; for i in $(seq 50); do s=$(stty size 2>&1); case $s in [1-9]*) break;; esac; sleep 0.1; done; echo $s";

    /// <summary>The network namespaces on this machine that CNI made for pods.</summary>
    private static int NetworkNamespaces() =>
        Directory.Exists("/var/run/netns") ? Directory.GetFiles("/var/run/netns", "cni-*").Length : 0;

    /// <summary>The containers and sandboxes containerd still has for pods of a namespace, through its own CLI.</summary>
    private async Task<List<string>> RuntimeObjectsOfNamespaceAsync(string ns)
    {
        var socket = Path.Combine(_cluster.DataDir, "agent", "run", "containerd", "containerd.sock");
        var result = await ProcessRunner.RunAsync("ctr", ["-a", socket, "-n", "k8s.io", "containers", "ls", $"labels.\"io.kubernetes.pod.namespace\"=={ns}"]);
        return result.Ok().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
    }
}
