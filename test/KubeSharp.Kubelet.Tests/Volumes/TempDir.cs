namespace KubeSharp.Kubelet.Tests.Volumes;

/// <summary>A temporary directory removed (after unmounting anything left under it) on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("ks-vol-").FullName;

    public void Dispose()
    {
        foreach (var mp in KubeSharp.Kubelet.Volumes.Mounter.MountPointsUnder(Path))
        {
            KubeSharp.Kubelet.Volumes.Mounter.UnmountAsync(mp, CancellationToken.None).GetAwaiter().GetResult();
        }

        Directory.Delete(Path, recursive: true);
    }
}
