using k8s.Models;
using KubeSharp.Kubelet.Config;
using KubeSharp.Kubelet.Cri.V1;

namespace KubeSharp.Kubelet.Volumes;

/// <summary>Upstream's makeMounts: a container's volumeMounts as CRI mounts, subPath and subPathExpr resolved, plus /etc/hosts.</summary>
internal static class ContainerMounts
{
    private const string EtcHostsPath = "/etc/hosts";

    /// <summary>
    /// The CRI mounts of <paramref name="container"/>. A subPath becomes a path inside the volume (created as a directory
    /// when missing; symlinks resolved once, so a subPath into a configMap volume keeps its content across updates, as
    /// upstream's bind mount does). <paramref name="etcHostsPath"/>, when given, is mounted at /etc/hosts (for host-network
    /// pods too: the file then holds the node's entries) unless the container mounts something there itself. Throws <see cref="ContainerConfigException"/>
    /// with upstream's messages.
    /// </summary>
    public static IReadOnlyList<Mount> Make(V1Pod pod, V1Container container, PodVolumes volumes, IReadOnlyList<KeyValue> environment, string? etcHostsPath)
    {
        var mounts = new List<Mount>();
        var env = EnvExpansion.ToMap(environment);
        foreach (var mount in container.VolumeMounts ?? [])
        {
            if (!volumes.HostPaths.TryGetValue(mount.Name, out var hostPath))
            {
                throw new ContainerConfigException($"cannot find volume \"{mount.Name}\" to mount into container \"{container.Name}\"");
            }

            var subPath = mount.SubPath ?? "";
            if (!string.IsNullOrEmpty(mount.SubPathExpr))
            {
                subPath = ExpandSubPath(mount, env);
            }

            if (subPath.Length > 0)
            {
                hostPath = ResolveSubPath(hostPath, subPath, mount, container);
            }

            mounts.Add(new Mount
            {
                ContainerPath = mount.MountPath,
                HostPath = hostPath,
                Readonly = mount.ReadOnlyProperty == true || volumes.ReadOnlyVolumes.Contains(mount.Name),
                Propagation = mount.MountPropagation switch
                {
                    "HostToContainer" => MountPropagation.PropagationHostToContainer,
                    "Bidirectional" => MountPropagation.PropagationBidirectional,
                    _ => MountPropagation.PropagationPrivate,
                },
            });
        }

        var mountsEtcHosts = (container.VolumeMounts ?? []).Any(m => m.MountPath == EtcHostsPath);
        if (etcHostsPath is not null && !mountsEtcHosts)
        {
            mounts.Add(new Mount { ContainerPath = EtcHostsPath, HostPath = etcHostsPath });
        }

        return mounts;
    }

    private static string ExpandSubPath(V1VolumeMount mount, IReadOnlyDictionary<string, string> env)
    {
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var expanded = EnvExpansion.Expand(mount.SubPathExpr, key =>
        {
            if (!env.TryGetValue(key, out var value) || value.Length == 0)
            {
                missing.Add(key);
                return "";
            }

            return value;
        });
        if (missing.Count > 0)
        {
            throw new ContainerConfigException($"unable to expand subPath \"{mount.SubPathExpr}\" for volume {mount.Name}: missing value for {string.Join(", ", missing)}");
        }

        return expanded;
    }

    private static string ResolveSubPath(string volumePath, string subPath, V1VolumeMount mount, V1Container container)
    {
        if (Path.IsPathRooted(subPath))
        {
            throw new ContainerConfigException($"error SubPath `{subPath}` must not be an absolute path");
        }

        if (subPath.Split('/').Contains(".."))
        {
            throw new ContainerConfigException($"unable to provision SubPath `{subPath}`: must not contain '..'");
        }

        var full = Path.Combine(volumePath, subPath);
        if (!File.Exists(full) && !Directory.Exists(full) && new FileInfo(full).LinkTarget is null)
        {
            try
            {
                var mode = File.GetUnixFileMode(volumePath);
                Directory.CreateDirectory(full, mode);
            }
            catch (IOException e)
            {
                throw new ContainerConfigException($"failed to create subPath directory for volumeMount \"{mount.Name}\" of container \"{container.Name}\"", e);
            }
        }

        // Resolve symlinks once, as the bind mount upstream makes does, and refuse a link that leads out of the volume.
        var resolved = RealPath(full);
        var root = RealPath(volumePath);
        if (resolved != root && !resolved.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal))
        {
            throw new ContainerConfigException($"subpath \"{resolved}\" not within volume path \"{root}\"");
        }

        return resolved;
    }

    private static string RealPath(string path)
    {
        var parts = Path.GetFullPath(path).Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = "/";
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            var info = new FileInfo(next);
            if (info.LinkTarget is { } target)
            {
                var absolute = Path.IsPathRooted(target) ? target : Path.Combine(current, target);
                var rest = string.Join('/', parts.Skip(i + 1));
                return RealPath(rest.Length > 0 ? Path.Combine(absolute, rest) : absolute);
            }

            current = next;
        }

        return current;
    }
}
