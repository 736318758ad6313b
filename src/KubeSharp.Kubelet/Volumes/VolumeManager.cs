using k8s.Models;
using KubeSharp.Kubelet.Config;
using KubeSharp.Kubelet.Sources;

namespace KubeSharp.Kubelet.Volumes;

/// <summary>
/// Pod volumes under <c>&lt;podsRoot&gt;/&lt;uid&gt;/volumes/&lt;plugin&gt;/&lt;volume&gt;</c> (podsRoot is &lt;data-dir&gt;/agent/pods):
/// emptyDir (disk or tmpfs), configMap, secret, projected and downwardAPI (written atomically, refreshed on every call),
/// hostPath and persistentVolumeClaims bound to hostPath or local PersistentVolumes.
/// </summary>
internal sealed class VolumeManager(string podsRoot, IPodObjectSource objects, IReadOnlyDictionary<string, ResourceQuantity> nodeAllocatable, TimeProvider time) : IVolumeManager
{
    private const long DefaultTokenExpirationSeconds = 3600;
    private readonly ServiceAccountTokenCache _tokens = new(objects, time);

    /// <summary>The pod's directory: &lt;podsRoot&gt;/&lt;uid&gt;.</summary>
    public string PodDirectory(string podUid) => Path.Combine(podsRoot, podUid);

    public async Task<PodVolumes> SetUpPodVolumesAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        var uid = pod.Metadata.Uid ?? throw new ArgumentException("pod has no uid", nameof(pod));
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        var readOnly = new HashSet<string>(StringComparer.Ordinal);
        foreach (var volume in pod.Spec?.Volumes ?? [])
        {
            V1PersistentVolume? claimed = null;
            if (volume.PersistentVolumeClaim is { } claim)
            {
                var ns = pod.Metadata.NamespaceProperty ?? "default";
                claimed = await objects.GetVolumeForClaimAsync(ns, claim.ClaimName, cancellationToken).ConfigureAwait(false)
                    ?? throw new VolumeSetupException($"error processing PVC {ns}/{claim.ClaimName}: PVC is not bound");
                if (claim.ReadOnlyProperty == true)
                {
                    readOnly.Add(volume.Name);
                }
            }

            try
            {
                paths[volume.Name] = await SetUpVolumeAsync(pod, uid, volume, claimed, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is VolumeSetupException or ContainerConfigException or IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                throw new VolumeSetupException($"MountVolume.SetUp failed for volume \"{volume.Name}\" : {e.Message}", e);
            }

            if (volume.ConfigMap is not null || volume.Secret is not null || volume.Projected is not null || volume.DownwardAPI is not null)
            {
                readOnly.Add(volume.Name);
            }
        }

        return new PodVolumes(uid, paths) { ReadOnlyVolumes = readOnly };
    }

    public async Task TearDownPodVolumesAsync(string podUid, CancellationToken cancellationToken)
    {
        _tokens.Forget(podUid);
        var dir = PodDirectory(podUid);
        if (!Directory.Exists(dir))
        {
            return;
        }

        foreach (var mountPoint in Mounter.MountPointsUnder(dir))
        {
            await Mounter.UnmountAsync(mountPoint, cancellationToken).ConfigureAwait(false);
        }

        Directory.Delete(dir, recursive: true);
    }

    private async Task<string> SetUpVolumeAsync(V1Pod pod, string uid, V1Volume volume, V1PersistentVolume? claimed, CancellationToken cancellationToken)
    {
        var ns = pod.Metadata.NamespaceProperty ?? "default";
        if (volume.EmptyDir is { } emptyDir)
        {
            return await SetUpEmptyDirAsync(VolumeDir(uid, VolumePlugins.EmptyDir, volume.Name), emptyDir, cancellationToken).ConfigureAwait(false);
        }

        if (volume.ConfigMap is { } cmSource)
        {
            var payload = new Dictionary<string, FileProjection>(StringComparer.Ordinal);
            var cm = await objects.GetConfigMapAsync(ns, cmSource.Name, cancellationToken).ConfigureAwait(false);
            if (cm is null && cmSource.Optional != true)
            {
                throw new VolumeSetupException($"configmap \"{cmSource.Name}\" not found");
            }

            if (cm is not null)
            {
                VolumePayloads.AddConfigMap(payload, cm, cmSource.Items, cmSource.DefaultMode, cmSource.Optional == true);
            }

            return WriteAtomically(VolumeDir(uid, VolumePlugins.ConfigMap, volume.Name), payload);
        }

        if (volume.Secret is { } secretSource)
        {
            var payload = new Dictionary<string, FileProjection>(StringComparer.Ordinal);
            var secret = await objects.GetSecretAsync(ns, secretSource.SecretName, cancellationToken).ConfigureAwait(false);
            if (secret is null && secretSource.Optional != true)
            {
                throw new VolumeSetupException($"secret \"{secretSource.SecretName}\" not found");
            }

            if (secret is not null)
            {
                VolumePayloads.AddSecret(payload, secret, secretSource.Items, secretSource.DefaultMode, secretSource.Optional == true);
            }

            // Secrets never touch the node's disk: upstream backs the volume with tmpfs.
            var secretDir = VolumeDir(uid, VolumePlugins.Secret, volume.Name);
            await EnsureTmpfsAsync(secretDir, null, cancellationToken).ConfigureAwait(false);
            return WriteAtomically(secretDir, payload);
        }

        if (volume.DownwardAPI is { } downward)
        {
            var payload = new Dictionary<string, FileProjection>(StringComparer.Ordinal);
            VolumePayloads.AddDownwardApi(payload, pod, downward.Items ?? [], downward.DefaultMode, nodeAllocatable);
            return WriteAtomically(VolumeDir(uid, VolumePlugins.DownwardApi, volume.Name), payload);
        }

        if (volume.Projected is { } projected)
        {
            var payload = await ProjectedPayloadAsync(pod, ns, projected, cancellationToken).ConfigureAwait(false);
            // Tokens and secrets in it: memory-backed, as upstream's projected volumes.
            var projectedDir = VolumeDir(uid, VolumePlugins.Projected, volume.Name);
            await EnsureTmpfsAsync(projectedDir, null, cancellationToken).ConfigureAwait(false);
            return WriteAtomically(projectedDir, payload);
        }

        if (volume.HostPath is { } hostPath)
        {
            await HostPathTypeChecker.CheckAsync(hostPath.Path, hostPath.Type, cancellationToken).ConfigureAwait(false);
            return hostPath.Path;
        }

        if (claimed is not null)
        {
            if (claimed.Spec?.HostPath is { } pvHostPath)
            {
                await HostPathTypeChecker.CheckAsync(pvHostPath.Path, pvHostPath.Type, cancellationToken).ConfigureAwait(false);
                return pvHostPath.Path;
            }

            if (claimed.Spec?.Local is { } local)
            {
                if (!Directory.Exists(local.Path) && !File.Exists(local.Path))
                {
                    throw new VolumeSetupException($"path \"{local.Path}\" does not exist");
                }

                return local.Path;
            }

            throw new VolumeSetupException($"persistent volume {claimed.Metadata.Name} has an unsupported volume source (only hostPath and local are supported)");
        }

        throw new VolumeSetupException("unsupported volume source (supported: emptyDir, configMap, secret, projected, downwardAPI, hostPath, persistentVolumeClaim)");
    }

    private static async Task<string> SetUpEmptyDirAsync(string dir, V1EmptyDirVolumeSource emptyDir, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dir);
        switch (emptyDir.Medium ?? "")
        {
            case "":
                break;
            case "Memory":
                await EnsureTmpfsAsync(dir, emptyDir.SizeLimit is { } limit ? (long)Math.Ceiling(limit.ToDecimal()) : null, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new VolumeSetupException($"unknown storage medium \"{emptyDir.Medium}\"");
        }

        // Upstream makes emptyDir world-writable so that any container user can use it.
        File.SetUnixFileMode(dir, (UnixFileMode)Convert.ToInt32("777", 8));
        return dir;
    }

    private static async Task EnsureTmpfsAsync(string dir, long? sizeBytes, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dir);
        if (!Mounter.IsMountPoint(dir))
        {
            await Mounter.MountTmpfsAsync(dir, sizeBytes, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<Dictionary<string, FileProjection>> ProjectedPayloadAsync(V1Pod pod, string ns, V1ProjectedVolumeSource projected, CancellationToken cancellationToken)
    {
        var payload = new Dictionary<string, FileProjection>(StringComparer.Ordinal);
        var defaultMode = projected.DefaultMode;
        foreach (var source in projected.Sources ?? [])
        {
            if (source.ConfigMap is { } cmProjection)
            {
                var cm = await objects.GetConfigMapAsync(ns, cmProjection.Name, cancellationToken).ConfigureAwait(false);
                if (cm is null)
                {
                    if (cmProjection.Optional == true)
                    {
                        continue;
                    }

                    throw new VolumeSetupException($"configmap \"{cmProjection.Name}\" not found");
                }

                VolumePayloads.AddConfigMap(payload, cm, cmProjection.Items, defaultMode, cmProjection.Optional == true);
            }
            else if (source.Secret is { } secretProjection)
            {
                var secret = await objects.GetSecretAsync(ns, secretProjection.Name, cancellationToken).ConfigureAwait(false);
                if (secret is null)
                {
                    if (secretProjection.Optional == true)
                    {
                        continue;
                    }

                    throw new VolumeSetupException($"secret \"{secretProjection.Name}\" not found");
                }

                VolumePayloads.AddSecret(payload, secret, secretProjection.Items, defaultMode, secretProjection.Optional == true);
            }
            else if (source.DownwardAPI is { } downward)
            {
                VolumePayloads.AddDownwardApi(payload, pod, downward.Items ?? [], defaultMode, nodeAllocatable);
            }
            else if (source.ServiceAccountToken is { } tokenProjection)
            {
                var token = await _tokens.GetAsync(pod, tokenProjection.Audience, tokenProjection.ExpirationSeconds ?? DefaultTokenExpirationSeconds, cancellationToken).ConfigureAwait(false);
                payload[VolumePayloads.Clean(tokenProjection.Path)] = new FileProjection(System.Text.Encoding.UTF8.GetBytes(token), FileModes.From(null, defaultMode));
            }
        }

        return payload;
    }

    private string WriteAtomically(string dir, Dictionary<string, FileProjection> payload)
    {
        new AtomicWriter(dir, time).Write(payload);
        return dir;
    }

    private string VolumeDir(string uid, string plugin, string name) => Path.Combine(podsRoot, uid, "volumes", plugin, name);
}
