using Grpc.Core;
using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Cri.V1;

namespace KubeSharp.Kubelet.Tests.Kuberuntime;

/// <summary>
/// An in-memory CRI runtime and image service. Containers run until stopped, unless <see cref="ExitCodes"/> names them: then
/// they exit with that code as soon as they start.
/// </summary>
internal sealed class FakeRuntime(TimeProvider time) : IRuntimeService, IImageService
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, PodSandboxStatus> _sandboxes = [];
    private readonly Dictionary<string, (ContainerStatus Status, string SandboxId)> _containers = [];
    private int _next;

    /// <summary>Container name → exit code on start.</summary>
    public Dictionary<string, int> ExitCodes { get; } = [];

    public HashSet<string> Images { get; } = ["docker.io/library/busybox:1.35"];

    public HashSet<string> UnpullableImages { get; } = [];

    public List<string> Calls { get; } = [];

    /// <summary>Exit code and output of ExecSync per command line (joined by spaces); others exit 0 silently.</summary>
    public Dictionary<string, (int ExitCode, string Output)> ExecResults { get; } = [];

    /// <summary>Images a pull gets only with these credentials (a registry answering 401 otherwise).</summary>
    public Dictionary<string, (string User, string Password)> PrivateImages { get; } = [];

    /// <summary>The credentials each pull was made with (null: anonymous).</summary>
    public List<AuthConfig?> PullAuths { get; } = [];

    public List<(ContainerConfig Config, PodSandboxConfig Sandbox)> Created { get; } = [];

    public int RunningContainers(string? name = null)
    {
        lock (_lock)
        {
            return _containers.Values.Count(c => c.Status.State == ContainerState.ContainerRunning && (name is null || c.Status.Metadata.Name == name));
        }
    }

    public int SandboxCount
    {
        get
        {
            lock (_lock)
            {
                return _sandboxes.Count;
            }
        }
    }

    public Task<VersionResponse> VersionAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new VersionResponse { Version = "0.1.0", RuntimeName = "containerd", RuntimeVersion = "1.6.20", RuntimeApiVersion = "v1" });

    public Task<StatusResponse> StatusAsync(CancellationToken cancellationToken)
    {
        var status = new RuntimeStatus();
        status.Conditions.Add(new RuntimeCondition { Type = "RuntimeReady", Status = true });
        status.Conditions.Add(new RuntimeCondition { Type = "NetworkReady", Status = true });
        return Task.FromResult(new StatusResponse { Status = status });
    }

    public Task<string> RunPodSandboxAsync(PodSandboxConfig config, string runtimeHandler, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var id = $"sb{++_next}";
            var status = new PodSandboxStatus
            {
                Id = id,
                Metadata = config.Metadata,
                State = PodSandboxState.SandboxReady,
                CreatedAt = Nanos(),
                Network = new PodSandboxNetworkStatus { Ip = $"10.88.0.{_next % 250 + 2}" },
                Linux = new LinuxPodSandboxStatus { Namespaces = new Namespace { Options = config.Linux?.SecurityContext?.NamespaceOptions ?? new NamespaceOption() } },
            };
            status.Labels.Add(config.Labels);
            _sandboxes[id] = status;
            Calls.Add("RunPodSandbox " + config.Metadata.Name);
            return Task.FromResult(id);
        }
    }

    public Task StopPodSandboxAsync(string podSandboxId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var sandbox = _sandboxes.GetValueOrDefault(podSandboxId) ?? throw NotFound(podSandboxId);
            sandbox.State = PodSandboxState.SandboxNotready;
            foreach (var (status, _) in _containers.Values.Where(c => c.SandboxId == podSandboxId && c.Status.State == ContainerState.ContainerRunning))
            {
                Exit(status, 137);
            }

            Calls.Add("StopPodSandbox " + podSandboxId);
            return Task.CompletedTask;
        }
    }

    public Task RemovePodSandboxAsync(string podSandboxId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _sandboxes.Remove(podSandboxId);
            foreach (var id in _containers.Where(c => c.Value.SandboxId == podSandboxId).Select(c => c.Key).ToList())
            {
                _containers.Remove(id);
            }

            return Task.CompletedTask;
        }
    }

    public Task<PodSandboxStatus> PodSandboxStatusAsync(string podSandboxId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult((_sandboxes.GetValueOrDefault(podSandboxId) ?? throw NotFound(podSandboxId)).Clone());
        }
    }

    public Task<IReadOnlyList<PodSandbox>> ListPodSandboxAsync(PodSandboxFilter? filter, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var list = _sandboxes.Values
                .Where(s => filter is null || filter.LabelSelector.All(kv => s.Labels.TryGetValue(kv.Key, out var v) && v == kv.Value))
                .Select(s =>
                {
                    var sandbox = new PodSandbox { Id = s.Id, Metadata = s.Metadata, State = s.State, CreatedAt = s.CreatedAt };
                    sandbox.Labels.Add(s.Labels);
                    return sandbox;
                }).ToList();
            return Task.FromResult<IReadOnlyList<PodSandbox>>(list);
        }
    }

    public Task<string> CreateContainerAsync(string podSandboxId, ContainerConfig config, PodSandboxConfig sandboxConfig, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var id = $"c{++_next}";
            var status = new ContainerStatus
            {
                Id = id,
                Metadata = config.Metadata,
                State = ContainerState.ContainerCreated,
                CreatedAt = Nanos() + _next,
                Image = config.Image,
                ImageRef = "sha256:" + config.Image.Image.GetHashCode().ToString("x8", System.Globalization.CultureInfo.InvariantCulture),
            };
            status.Labels.Add(config.Labels);
            status.Annotations.Add(config.Annotations);
            status.Mounts.Add(config.Mounts);
            _containers[id] = (status, podSandboxId);
            Created.Add((config, sandboxConfig));
            Calls.Add("CreateContainer " + config.Metadata.Name);
            return Task.FromResult(id);
        }
    }

    public Task StartContainerAsync(string containerId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var (status, _) = _containers.GetValueOrDefault(containerId);
            if (status is null)
            {
                throw NotFound(containerId);
            }

            status.State = ContainerState.ContainerRunning;
            status.StartedAt = Nanos();
            if (ExitCodes.TryGetValue(status.Metadata.Name, out var code))
            {
                Exit(status, code);
            }

            Calls.Add("StartContainer " + status.Metadata.Name);
            return Task.CompletedTask;
        }
    }

    public Task StopContainerAsync(string containerId, long timeoutSeconds, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var (status, _) = _containers.GetValueOrDefault(containerId);
            if (status is null)
            {
                throw NotFound(containerId);
            }

            if (status.State == ContainerState.ContainerRunning)
            {
                Exit(status, 137);
            }

            Calls.Add("StopContainer " + status.Metadata.Name);
            return Task.CompletedTask;
        }
    }

    public Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _containers.Remove(containerId);
            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<Container>> ListContainersAsync(ContainerFilter? filter, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var list = _containers.Values
                .Where(c => filter is null || filter.LabelSelector.All(kv => c.Status.Labels.TryGetValue(kv.Key, out var v) && v == kv.Value))
                .Select(c =>
                {
                    var container = new Container
                    {
                        Id = c.Status.Id, PodSandboxId = c.SandboxId, Metadata = c.Status.Metadata, State = c.Status.State,
                        CreatedAt = c.Status.CreatedAt, Image = c.Status.Image, ImageRef = c.Status.ImageRef,
                    };
                    container.Labels.Add(c.Status.Labels);
                    container.Annotations.Add(c.Status.Annotations);
                    return container;
                }).ToList();
            return Task.FromResult<IReadOnlyList<Container>>(list);
        }
    }

    public Task<ContainerStatus> ContainerStatusAsync(string containerId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var (status, _) = _containers.GetValueOrDefault(containerId);
            return Task.FromResult(status?.Clone() ?? throw NotFound(containerId));
        }
    }

    public Task<Image?> ImageStatusAsync(ImageSpec image, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(Images.Contains(image.Image) || image.Image.StartsWith("sha256:", StringComparison.Ordinal)
                ? new Image { Id = "sha256:" + image.Image.Length, Uid = new Int64Value { Value = 0 }, Size = 1000 }
                : null);
        }
    }

    public Task<string> PullImageAsync(ImageSpec image, AuthConfig? auth, PodSandboxConfig? sandboxConfig, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Calls.Add("PullImage " + image.Image);
            PullAuths.Add(auth);
            if (PrivateImages.TryGetValue(image.Image, out var required) && (auth?.Username, auth?.Password) != (required.User, required.Password))
            {
                throw new RpcException(new Grpc.Core.Status(StatusCode.Unknown,
                    $"failed to pull and unpack image \"{image.Image}\": unexpected status code 401 Unauthorized (user {auth?.Username ?? "none"})"));
            }

            if (UnpullableImages.Contains(image.Image))
            {
                throw new RpcException(new Grpc.Core.Status(StatusCode.NotFound, $"failed to pull and unpack image \"{image.Image}\": not found"));
            }

            Images.Add(image.Image);
            return Task.FromResult("sha256:" + image.Image.Length);
        }
    }

    public Task<IReadOnlyList<Image>> ListImagesAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var list = Images.Select(i =>
            {
                var image = new Image { Id = "sha256:" + i.Length, Size = 1000 };
                image.RepoTags.Add(i);
                return image;
            }).ToList();
            return Task.FromResult<IReadOnlyList<Image>>(list);
        }
    }

    public Task RemoveImageAsync(ImageSpec image, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<FilesystemUsage>> ImageFsInfoAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<FilesystemUsage>>([]);

    public Task UpdateContainerResourcesAsync(string containerId, LinuxContainerResources resources, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ReopenContainerLogAsync(string containerId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<ExecSyncResponse> ExecSyncAsync(string containerId, IReadOnlyList<string> command, long timeoutSeconds, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Calls.Add("ExecSync " + string.Join(" ", command));
            return Task.FromResult(ExecResults.TryGetValue(string.Join(" ", command), out var result)
                ? new ExecSyncResponse { ExitCode = result.ExitCode, Stdout = Google.Protobuf.ByteString.CopyFromUtf8(result.Output) }
                : new ExecSyncResponse { ExitCode = 0 });
        }
    }

    public Task<string> ExecAsync(ExecRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<string> AttachAsync(AttachRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<string> PortForwardAsync(string podSandboxId, IReadOnlyList<int> ports, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ContainerStats?> ContainerStatsAsync(string containerId, CancellationToken cancellationToken) => Task.FromResult<ContainerStats?>(null);

    public Task<IReadOnlyList<ContainerStats>> ListContainerStatsAsync(ContainerStatsFilter? filter, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ContainerStats>>([]);

    public Task<IReadOnlyList<PodSandboxStats>> ListPodSandboxStatsAsync(PodSandboxStatsFilter? filter, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PodSandboxStats>>([]);

    private void Exit(ContainerStatus status, int code)
    {
        status.State = ContainerState.ContainerExited;
        status.ExitCode = code;
        status.FinishedAt = Nanos();
        status.Reason = code == 0 ? "Completed" : "Error";
    }

    private long Nanos() => (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;

    private static RpcException NotFound(string id) => new(new Grpc.Core.Status(StatusCode.NotFound, $"an error occurred when try to find \"{id}\": not found"));
}
