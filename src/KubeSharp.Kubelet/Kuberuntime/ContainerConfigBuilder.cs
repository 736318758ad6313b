using System.Globalization;
using k8s.Models;
using KubeSharp.Kubelet.Config;
using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Volumes;

namespace KubeSharp.Kubelet.Kuberuntime;

/// <summary>Turns a pod's container into the CRI ContainerConfig (upstream's generateContainerConfig).</summary>
internal static class ContainerConfigBuilder
{
    public const string DefaultTerminationMessagePath = "/dev/termination-log";

    private static readonly string[] DefaultMaskedPaths =
    [
        "/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
        "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap",
    ];

    private static readonly string[] DefaultReadonlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

    /// <summary>Builds the config; throws <see cref="ContainerConfigException"/> when it cannot (runAsNonRoot, missing volume).</summary>
    public static ContainerConfig Build(V1Pod pod, V1Container container, ContainerBuildContext context)
    {
        VerifyRunAsNonRoot(pod, container, context.ImageInfo);
        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = container.Name, Attempt = (uint)context.RestartCount },
            Image = new ImageSpec { Image = context.ImageRef, UserSpecifiedImage = container.Image ?? "" },
            WorkingDir = container.WorkingDir ?? "",
            LogPath = LogPath(container.Name, context.RestartCount),
            Stdin = container.Stdin == true,
            StdinOnce = container.StdinOnce == true,
            Tty = container.Tty == true,
            Linux = new LinuxContainerConfig
            {
                Resources = ContainerResourceSettings.For(container),
                SecurityContext = SecurityContext(pod, container),
            },
        };
        config.Command.AddRange(EnvExpansion.ExpandCommand(container.Command, context.Env));
        config.Args.AddRange(EnvExpansion.ExpandCommand(container.Args, context.Env));
        config.Envs.AddRange(context.Env);
        config.Mounts.AddRange(Mounts(pod, container, context));
        config.Labels.Add(ContainerLabels(pod, container));
        config.Annotations.Add(ContainerAnnotations(pod, container, context.RestartCount));
        return config;
    }

    /// <summary>The container's log file relative to the sandbox's log directory: "&lt;name&gt;/&lt;restartCount&gt;.log".</summary>
    public static string LogPath(string containerName, int restartCount) =>
        $"{containerName}/{restartCount.ToString(CultureInfo.InvariantCulture)}.log";

    public static Dictionary<string, string> ContainerLabels(V1Pod pod, V1Container container) => new(StringComparer.Ordinal)
    {
        [CriLabels.PodName] = pod.Metadata.Name,
        [CriLabels.PodNamespace] = pod.Metadata.NamespaceProperty,
        [CriLabels.PodUid] = pod.Metadata.Uid,
        [CriLabels.ContainerName] = container.Name,
    };

    private static Dictionary<string, string> ContainerAnnotations(V1Pod pod, V1Container container, int restartCount) => new(StringComparer.Ordinal)
    {
        [CriLabels.ContainerHash] = ContainerHash.Of(container),
        [CriLabels.ContainerRestartCount] = restartCount.ToString(CultureInfo.InvariantCulture),
        [CriLabels.ContainerTerminationMessagePath] = container.TerminationMessagePath ?? DefaultTerminationMessagePath,
        [CriLabels.ContainerTerminationMessagePolicy] = container.TerminationMessagePolicy ?? "File",
        [CriLabels.PodTerminationGracePeriod] = (pod.Spec.TerminationGracePeriodSeconds ?? 30).ToString(CultureInfo.InvariantCulture),
    };

    private static List<Mount> Mounts(V1Pod pod, V1Container container, ContainerBuildContext context)
    {
        var volumes = context.Volumes ?? new PodVolumes(pod.Metadata.Uid, new Dictionary<string, string>());
        var mounts = ContainerMounts.Make(pod, container, volumes, context.Env, context.HostsFilePath).ToList();
        var terminationPath = container.TerminationMessagePath ?? DefaultTerminationMessagePath;
        if (context.TerminationLogPath is not null && mounts.All(m => m.ContainerPath != terminationPath))
        {
            mounts.Add(new Mount { ContainerPath = terminationPath, HostPath = context.TerminationLogPath });
        }

        return mounts;
    }

    private static LinuxContainerSecurityContext SecurityContext(V1Pod pod, V1Container container)
    {
        var podContext = pod.Spec.SecurityContext;
        var own = container.SecurityContext;
        var privileged = own?.Privileged == true;
        var context = new LinuxContainerSecurityContext
        {
            Privileged = privileged,
            ReadonlyRootfs = own?.ReadOnlyRootFilesystem == true,
            NamespaceOptions = SandboxConfigBuilder.Namespaces(pod),
            NoNewPrivs = own?.AllowPrivilegeEscalation == false,
        };
        if ((own?.RunAsUser ?? podContext?.RunAsUser) is { } user)
        {
            context.RunAsUser = new Int64Value { Value = user };
        }

        if ((own?.RunAsGroup ?? podContext?.RunAsGroup) is { } group)
        {
            context.RunAsGroup = new Int64Value { Value = group };
        }

        if (podContext?.FsGroup is { } fsGroup)
        {
            context.SupplementalGroups.Add(fsGroup);
        }

        context.SupplementalGroups.AddRange((podContext?.SupplementalGroups ?? []).OfType<long>());
        if (own?.Capabilities is { } capabilities)
        {
            context.Capabilities = new Capability();
            context.Capabilities.AddCapabilities.AddRange(capabilities.Add ?? []);
            context.Capabilities.DropCapabilities.AddRange(capabilities.Drop ?? []);
        }

        if (!privileged && own?.ProcMount != "Unmasked")
        {
            context.MaskedPaths.AddRange(DefaultMaskedPaths);
            context.ReadonlyPaths.AddRange(DefaultReadonlyPaths);
        }

        return context;
    }

    /// <summary>Upstream's verifyRunAsNonRoot, with its messages.</summary>
    private static void VerifyRunAsNonRoot(V1Pod pod, V1Container container, Image? image)
    {
        var nonRoot = container.SecurityContext?.RunAsNonRoot ?? pod.Spec.SecurityContext?.RunAsNonRoot;
        if (nonRoot != true)
        {
            return;
        }

        var podName = $"\"{PodSpecs.Format(pod)}\"";
        if ((container.SecurityContext?.RunAsUser ?? pod.Spec.SecurityContext?.RunAsUser) is { } user)
        {
            if (user == 0)
            {
                throw new ContainerConfigException($"container's runAsUser breaks non-root policy (pod: {podName}, container: {container.Name})");
            }

            return;
        }

        long? uid = image?.Uid?.Value;
        var userName = image?.Username ?? "";
        if (uid is null && userName.Length > 0)
        {
            var numeric = userName.Split(':')[0];
            if (long.TryParse(numeric, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                uid = parsed;
            }
            else
            {
                throw new ContainerConfigException(
                    $"container has runAsNonRoot and image has non-numeric user ({userName}), cannot verify user is non-root (pod: {podName}, container: {container.Name})");
            }
        }

        if ((uid ?? 0) == 0)
        {
            throw new ContainerConfigException($"container has runAsNonRoot and image will run as root (pod: {podName}, container: {container.Name})");
        }
    }
}
