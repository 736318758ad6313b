namespace KubeSharp.Kubelet.Images;

/// <summary>The permission bits image entries use (C# has no octal literals).</summary>
internal static class FileModes
{
    /// <summary>0755: directories and executables.</summary>
    public const UnixFileMode Executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>0644: plain files.</summary>
    public const UnixFileMode Regular = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>0700: root's home.</summary>
    public const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>0777: symlinks.</summary>
    public const UnixFileMode All = Executable | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <summary>1777: /tmp, writable by all, entries removable only by their owner.</summary>
    public const UnixFileMode Sticky = All | UnixFileMode.StickyBit;
}
