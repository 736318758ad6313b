using System.Globalization;
using Grpc.Core;
using k8s.Models;
using KubeSharp.Kubelet.Config;
using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Prober;
using KubeSharp.Kubelet.Volumes;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Kuberuntime;

/// <summary>
/// Applies pods to the container runtime through CRI (upstream's kubeGenericRuntimeManager): reads a pod's sandboxes and
/// containers, carries out the plan of <see cref="PodActionsPlanner"/> (sandbox, image pulls, init containers, sidecars,
/// containers, hooks, crash-loop back-off) and kills pods gracefully.
/// </summary>
internal sealed class KubeRuntimeManager
{
    public const string CrashLoopBackOff = "CrashLoopBackOff";
    public const string CreateContainerConfigError = "CreateContainerConfigError";
    public const string CreateContainerError = "CreateContainerError";
    public const string RunContainerError = "RunContainerError";
    public const string PostStartHookError = "PostStartHookError";
    public const string CreatePodSandboxError = "CreatePodSandboxError";
    private const long MinimumGracePeriodSeconds = 2;
    private const int MaxTerminationMessageBytes = 4096;
    private const int DeadInstancesKept = 1;

    private readonly IRuntimeService _runtime;
    private readonly IContainerEnvironment _environment;
    private readonly IPodEvents _events;
    private readonly KubeRuntimeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ImagePuller _images;
    private readonly LifecycleHooks _hooks;

    public KubeRuntimeManager(IRuntimeService runtime, IImageService images, IContainerEnvironment environment, IPodEvents events,
        KubeRuntimeOptions options, TimeProvider time, ILogger logger, HttpClient? hookClient = null)
    {
        _runtime = runtime;
        _environment = environment;
        _events = events;
        _options = options;
        _time = time;
        _logger = logger;
        CrashLoop = new ContainerBackOff(time, options.CrashLoopBackOffInitial, options.CrashLoopBackOffMax);
        _images = new ImagePuller(images, events, time, new ContainerBackOff(time, options.ImagePullBackOffInitial, options.ImagePullBackOffMax));
        _hooks = new LifecycleHooks(runtime, hookClient ?? new HttpClient { Timeout = TimeSpan.FromSeconds(30) }, time, options);
    }

    /// <summary>The runtime's name for container ids ("containerd"), known after <see cref="VersionAsync"/>.</summary>
    public string RuntimeName { get; private set; } = "containerd";

    public ReasonCache Reasons { get; } = new();

    public ContainerBackOff CrashLoop { get; }

    public KubeRuntimeOptions Options => _options;

    public async Task<VersionResponse> VersionAsync(CancellationToken cancellationToken)
    {
        var version = await _runtime.VersionAsync(cancellationToken).ConfigureAwait(false);
        if (version.RuntimeName.Length > 0)
        {
            RuntimeName = version.RuntimeName;
        }

        return version;
    }

    /// <summary>The runtime's full view of one pod (upstream's GetPodStatus).</summary>
    public async Task<PodRuntimeStatus> GetPodStatusAsync(string uid, string name, string ns, CancellationToken cancellationToken)
    {
        var selector = new Dictionary<string, string> { [CriLabels.PodUid] = uid };
        var sandboxFilter = new PodSandboxFilter();
        sandboxFilter.LabelSelector.Add(selector);
        var sandboxes = new List<RuntimeSandbox>();
        foreach (var sandbox in await _runtime.ListPodSandboxAsync(sandboxFilter, cancellationToken).ConfigureAwait(false))
        {
            var status = await IgnoreNotFoundAsync(_runtime.PodSandboxStatusAsync(sandbox.Id, cancellationToken)).ConfigureAwait(false);
            if (status is null)
            {
                continue;
            }

            var ips = new List<string>();
            if (status.Network?.Ip is { Length: > 0 } ip)
            {
                ips.Add(ip);
            }

            ips.AddRange(status.Network?.AdditionalIps.Select(a => a.Ip) ?? []);
            sandboxes.Add(new RuntimeSandbox(status.Id, status.Metadata?.Attempt ?? 0, status.State == PodSandboxState.SandboxReady,
                FromNanos(status.CreatedAt) ?? DateTimeOffset.MinValue, ips, status.Linux?.Namespaces?.Options?.Network == NamespaceMode.Node));
        }

        var containerFilter = new ContainerFilter();
        containerFilter.LabelSelector.Add(selector);
        var containers = new List<RuntimeContainer>();
        foreach (var container in await _runtime.ListContainersAsync(containerFilter, cancellationToken).ConfigureAwait(false))
        {
            var status = await IgnoreNotFoundAsync(_runtime.ContainerStatusAsync(container.Id, cancellationToken)).ConfigureAwait(false);
            if (status is not null)
            {
                containers.Add(ToRuntimeContainer(status, container.PodSandboxId));
            }
        }

        return new PodRuntimeStatus(uid, name, ns,
            [.. sandboxes.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Attempt)],
            [.. containers.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.RestartCount)]);
    }

    /// <summary>Brings the runtime in line with the pod (upstream's SyncPod). Failures to start containers are in the result.</summary>
    public async Task<PodSyncResult> SyncPodAsync(V1Pod pod, PodRuntimeStatus status, IReadOnlyList<V1Secret> pullSecrets,
        IReadOnlyDictionary<string, ProbeType> failedProbes, PodVolumes? volumes, CancellationToken cancellationToken)
    {
        var result = new PodSyncResult();
        var actions = PodActionsPlanner.Compute(pod, status, failedProbes);
        if (actions.KillPod)
        {
            await KillPodAsync(pod, status, null, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            foreach (var kill in actions.ContainersToKill)
            {
                var spec = (pod.Spec.Containers ?? []).Concat(pod.Spec.InitContainers ?? []).FirstOrDefault(c => c.Name == kill.Name);
                await KillContainerAsync(pod, spec, kill.ContainerId, kill.Name, kill.Message, null, cancellationToken).ConfigureAwait(false);
            }
        }

        var sandboxConfig = SandboxConfigBuilder.Build(pod, actions.Attempt, _options, ReadText(_options.ResolvConf));
        var sandboxId = actions.SandboxId;
        var podIps = status.PodIps;
        if (actions.CreateSandbox)
        {
            Directory.CreateDirectory(sandboxConfig.LogDirectory);
            try
            {
                sandboxId = await _runtime.RunPodSandboxAsync(sandboxConfig, _options.RuntimeHandler, cancellationToken).ConfigureAwait(false);
                var sandboxStatus = await _runtime.PodSandboxStatusAsync(sandboxId, cancellationToken).ConfigureAwait(false);
                podIps = sandboxStatus.Network?.Ip is { Length: > 0 } ip ? [ip, .. sandboxStatus.Network.AdditionalIps.Select(a => a.Ip)] : [];
                KuberuntimeLog.SandboxCreated(_logger, sandboxId, PodSpecs.Format(pod));
            }
            catch (RpcException e)
            {
                var message = $"Failed to create pod sandbox: {e.Status.Detail}";
                _events.Event(pod, "Warning", "FailedCreatePodSandBox", message);
                result.Errors.Add(new ContainerStartException(CreatePodSandboxError, message, e));
                return result;
            }
        }

        if (!actions.CreateSandbox && (actions.KillPod || sandboxId is null))
        {
            return result;
        }

        if (PodSpecs.HostNetwork(pod))
        {
            podIps = [_options.NodeIp];
        }

        var hostsFile = await EtcHostsFile.WriteAsync(_options.PodsDirectory, pod, podIps, _options.ClusterDomain, cancellationToken).ConfigureAwait(false);
        var started = new StartContext(pod, status, pullSecrets, volumes, sandboxId!, sandboxConfig, podIps, hostsFile);
        var initContainers = pod.Spec.InitContainers ?? [];
        foreach (var index in actions.InitContainersToStart)
        {
            var container = initContainers[index];
            if (!await TryStartAsync(started, container, result, cancellationToken).ConfigureAwait(false) && !PodSpecs.IsSidecar(container))
            {
                return result;
            }
        }

        foreach (var index in actions.ContainersToStart)
        {
            await TryStartAsync(started, pod.Spec.Containers![index], result, cancellationToken).ConfigureAwait(false);
        }

        await PruneDeadInstancesAsync(status, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Stops every container of the pod (regular ones first, then sidecars) and its sandboxes (upstream's KillPod).</summary>
    public async Task KillPodAsync(V1Pod pod, PodRuntimeStatus status, long? gracePeriodOverride, CancellationToken cancellationToken)
    {
        var live = status.Containers.Where(c => c.State is ContainerState.ContainerRunning or ContainerState.ContainerCreated or ContainerState.ContainerUnknown).ToList();
        var sidecars = (pod.Spec.InitContainers ?? []).Where(PodSpecs.IsSidecar).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        V1Container? Spec(string name) => (pod.Spec.Containers ?? []).Concat(pod.Spec.InitContainers ?? []).FirstOrDefault(c => c.Name == name);
        await Task.WhenAll(live.Where(c => !sidecars.Contains(c.Name))
            .Select(c => KillContainerAsync(pod, Spec(c.Name), c.Id, c.Name, "", gracePeriodOverride, cancellationToken))).ConfigureAwait(false);
        await Task.WhenAll(live.Where(c => sidecars.Contains(c.Name))
            .Select(c => KillContainerAsync(pod, Spec(c.Name), c.Id, c.Name, "", gracePeriodOverride, cancellationToken))).ConfigureAwait(false);
        foreach (var sandbox in status.Sandboxes.Where(s => s.Ready))
        {
            await IgnoreNotFoundAsync(_runtime.StopPodSandboxAsync(sandbox.Id, cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>Removes every container and sandbox of a pod that is gone (upstream's container GC for deleted pods).</summary>
    public async Task RemovePodAsync(PodRuntimeStatus status, CancellationToken cancellationToken)
    {
        foreach (var container in status.Containers)
        {
            await IgnoreNotFoundAsync(_runtime.RemoveContainerAsync(container.Id, cancellationToken)).ConfigureAwait(false);
        }

        foreach (var sandbox in status.Sandboxes)
        {
            await IgnoreNotFoundAsync(_runtime.StopPodSandboxAsync(sandbox.Id, cancellationToken)).ConfigureAwait(false);
            await IgnoreNotFoundAsync(_runtime.RemovePodSandboxAsync(sandbox.Id, cancellationToken)).ConfigureAwait(false);
        }

        Reasons.RemovePod(status.Uid);
    }

    /// <summary>Stops one container: preStop hook within the grace period, then the stop signal with what is left of it.</summary>
    public async Task KillContainerAsync(V1Pod pod, V1Container? spec, string containerId, string name, string message, long? gracePeriodOverride,
        CancellationToken cancellationToken)
    {
        var grace = gracePeriodOverride
            ?? (pod.Metadata.DeletionTimestamp is not null ? pod.Metadata.DeletionGracePeriodSeconds : null)
            ?? pod.Spec.TerminationGracePeriodSeconds
            ?? 30;
        _events.Event(pod, "Normal", "Killing", message.Length > 0 ? message : $"Stopping container {name}");
        if (spec?.Lifecycle?.PreStop is { } preStop && grace > 0)
        {
            var begun = _time.GetTimestamp();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(grace));
            try
            {
                if (await _hooks.RunAsync(pod, spec, containerId, preStop, [], timeout.Token).ConfigureAwait(false) is { } failure)
                {
                    _events.Event(pod, "Warning", "FailedPreStopHook", failure);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                _events.Event(pod, "Warning", "FailedPreStopHook", $"PreStopHook failed: timed out after {grace}s");
            }

            grace -= (long)_time.GetElapsedTime(begun).TotalSeconds;
        }

        if (gracePeriodOverride is null && grace < MinimumGracePeriodSeconds)
        {
            grace = MinimumGracePeriodSeconds;
        }

        try
        {
            await IgnoreNotFoundAsync(_runtime.StopContainerAsync(containerId, Math.Max(grace, 0), cancellationToken)).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            KuberuntimeLog.RuntimeCallFailed(_logger, e, $"StopContainer {containerId}");
            throw;
        }
    }

    /// <summary>The back-off key of a container: pod name, namespace, uid, container name and spec hash, as upstream's.</summary>
    public static string BackOffKey(V1Pod pod, V1Container container) =>
        $"{pod.Metadata.Name}_{pod.Metadata.NamespaceProperty}_{pod.Metadata.Uid}_{container.Name}_{ContainerHash.Of(container)}";

    private async Task<bool> TryStartAsync(StartContext context, V1Container container, PodSyncResult result, CancellationToken cancellationToken)
    {
        var uid = context.Pod.Metadata.Uid;
        try
        {
            await StartContainerAsync(context, container, cancellationToken).ConfigureAwait(false);
            Reasons.Remove(uid, container.Name);
            return true;
        }
        catch (ContainerStartException e)
        {
            Reasons.Add(uid, container.Name, e.Reason, e.Message);
            result.Errors.Add(e);
            KuberuntimeLog.StartFailed(_logger, container.Name, PodSpecs.Format(context.Pod), e.Reason, e.Message);
            return false;
        }
    }

    private async Task StartContainerAsync(StartContext context, V1Container container, CancellationToken cancellationToken)
    {
        var pod = context.Pod;
        var latest = context.Status.Latest(container.Name);
        if (latest is { State: ContainerState.ContainerExited, FinishedAt: { } finishedAt })
        {
            var key = BackOffKey(pod, container);
            if (CrashLoop.IsInBackOffSince(key, finishedAt))
            {
                _events.Event(pod, "Warning", "BackOff", $"Back-off restarting failed container {container.Name} in pod {PodSpecs.Format(pod)}");
                throw new ContainerStartException(CrashLoopBackOff,
                    $"back-off {GoDuration.Format(CrashLoop.Get(key))} restarting failed container={container.Name} pod={PodSpecs.Format(pod)}");
            }

            CrashLoop.Next(key, finishedAt);
        }

        var (imageRef, imageInfo) = await _images.EnsureImageExistsAsync(pod, container, context.PullSecrets, context.SandboxConfig, cancellationToken)
            .ConfigureAwait(false);
        var restartCount = latest is null ? 0 : latest.RestartCount + 1;
        ContainerConfig config;
        try
        {
            var env = await _environment.ResolveAsync(pod, container, context.PodIps, cancellationToken).ConfigureAwait(false);
            var terminationLog = TerminationLogFile(pod, container);
            config = ContainerConfigBuilder.Build(pod, container,
                new ContainerBuildContext(restartCount, imageRef, imageInfo, env, context.Volumes, context.HostsFile, terminationLog));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _events.Event(pod, "Warning", "Failed", "Error: " + e.Message);
            throw new ContainerStartException(CreateContainerConfigError, e.Message, e);
        }

        Directory.CreateDirectory(Path.Combine(context.SandboxConfig.LogDirectory, container.Name));
        string containerId;
        try
        {
            containerId = await _runtime.CreateContainerAsync(context.SandboxId, config, context.SandboxConfig, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            _events.Event(pod, "Warning", "Failed", "Error: " + e.Status.Detail);
            throw new ContainerStartException(CreateContainerError, e.Status.Detail, e);
        }

        _events.Event(pod, "Normal", "Created", $"Created container {container.Name}");
        try
        {
            await _runtime.StartContainerAsync(containerId, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            _events.Event(pod, "Warning", "Failed", "Error: " + e.Status.Detail);
            throw new ContainerStartException(RunContainerError, e.Status.Detail, e);
        }

        _events.Event(pod, "Normal", "Started", $"Started container {container.Name}");
        if (container.Lifecycle?.PostStart is { } postStart
            && await _hooks.RunAsync(pod, container, containerId, postStart, context.PodIps, cancellationToken).ConfigureAwait(false) is { } failure)
        {
            _events.Event(pod, "Warning", "FailedPostStartHook", failure);
            await KillContainerAsync(pod, container, containerId, container.Name, $"FailedPostStartHook", null, cancellationToken).ConfigureAwait(false);
            throw new ContainerStartException(PostStartHookError, failure);
        }
    }

    /// <summary>Removes exited instances beyond the newest dead one of each container, so crash loops do not pile up.</summary>
    private async Task PruneDeadInstancesAsync(PodRuntimeStatus status, CancellationToken cancellationToken)
    {
        foreach (var group in status.Containers.GroupBy(c => c.Name))
        {
            foreach (var dead in group.Where(c => c.State == ContainerState.ContainerExited).Skip(DeadInstancesKept))
            {
                await IgnoreNotFoundAsync(_runtime.RemoveContainerAsync(dead.Id, cancellationToken)).ConfigureAwait(false);
            }
        }
    }

    private string TerminationLogFile(V1Pod pod, V1Container container)
    {
        var directory = Path.Combine(_options.PodsDirectory, pod.Metadata.Uid, "containers", container.Name);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, Guid.NewGuid().ToString("N")[..8]);
        File.WriteAllText(path, "");
        return path;
    }

    private static RuntimeContainer ToRuntimeContainer(ContainerStatus status, string sandboxId)
    {
        var name = status.Metadata?.Name is { Length: > 0 } n ? n : status.Labels.GetValueOrDefault(CriLabels.ContainerName, "");
        var restartCount = status.Annotations.TryGetValue(CriLabels.ContainerRestartCount, out var text)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : (int)(status.Metadata?.Attempt ?? 0);
        var message = status.Message;
        if (status.State == ContainerState.ContainerExited && string.IsNullOrEmpty(message))
        {
            message = ReadTerminationMessage(status);
        }

        return new RuntimeContainer(status.Id, name, sandboxId, status.State, restartCount,
            status.Annotations.GetValueOrDefault(CriLabels.ContainerHash, ""),
            FromNanos(status.CreatedAt) ?? DateTimeOffset.MinValue, FromNanos(status.StartedAt), FromNanos(status.FinishedAt),
            status.ExitCode, NullIfEmpty(status.Reason), NullIfEmpty(message),
            status.Image?.UserSpecifiedImage is { Length: > 0 } user ? user : status.Image?.Image ?? "", status.ImageRef);
    }

    /// <summary>What the container wrote to its termination message file, read from the file's host side.</summary>
    private static string? ReadTerminationMessage(ContainerStatus status)
    {
        var path = status.Annotations.GetValueOrDefault(CriLabels.ContainerTerminationMessagePath, ContainerConfigBuilder.DefaultTerminationMessagePath);
        var mount = status.Mounts.FirstOrDefault(m => m.ContainerPath == path);
        if (mount is null || !File.Exists(mount.HostPath))
        {
            return null;
        }

        try
        {
            using var stream = File.OpenRead(mount.HostPath);
            var buffer = new byte[MaxTerminationMessageBytes];
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return read == 0 ? null : System.Text.Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static DateTimeOffset? FromNanos(long nanos) => nanos <= 0 ? null : DateTimeOffset.UnixEpoch.AddTicks(nanos / 100);

    private static string? ReadText(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static async Task<T?> IgnoreNotFoundAsync<T>(Task<T> call)
        where T : class
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    private static async Task IgnoreNotFoundAsync(Task call)
    {
        try
        {
            await call.ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
        }
    }

    private sealed record StartContext(V1Pod Pod, PodRuntimeStatus Status, IReadOnlyList<V1Secret> PullSecrets, PodVolumes? Volumes, string SandboxId,
        PodSandboxConfig SandboxConfig, IReadOnlyList<string> PodIps, string? HostsFile);
}
