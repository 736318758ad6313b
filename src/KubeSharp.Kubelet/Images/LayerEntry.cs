namespace KubeSharp.Kubelet.Images;

/// <summary>
/// One entry of an image layer. <see cref="Path"/> is absolute inside the image ("/bin/sh"). A file's content comes from
/// <see cref="SourcePath"/> on the host or from <see cref="Content"/>; a symlink points at <see cref="LinkTarget"/>.
/// </summary>
internal sealed record LayerEntry(string Path, LayerEntryKind Kind, UnixFileMode Mode)
{
    public string? SourcePath { get; init; }

    public byte[]? Content { get; init; }

    public string? LinkTarget { get; init; }

    public static LayerEntry Directory(string path, UnixFileMode mode = FileModes.Executable) => new(path, LayerEntryKind.Directory, mode);

    public static LayerEntry HostFile(string path, string sourcePath, UnixFileMode mode = FileModes.Executable) =>
        new(path, LayerEntryKind.File, mode) { SourcePath = sourcePath };

    public static LayerEntry TextFile(string path, string text, UnixFileMode mode = FileModes.Regular) =>
        new(path, LayerEntryKind.File, mode) { Content = System.Text.Encoding.UTF8.GetBytes(text) };

    public static LayerEntry Symlink(string path, string target) =>
        new(path, LayerEntryKind.Symlink, FileModes.All) { LinkTarget = target };
}
