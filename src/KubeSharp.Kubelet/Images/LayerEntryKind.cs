namespace KubeSharp.Kubelet.Images;

internal enum LayerEntryKind
{
    Directory,
    File,
    Symlink,
}
