using System.Runtime.InteropServices;

namespace KubeSharp.Kubelet.Volumes;

/// <summary>rename(2), which .NET only exposes for regular files; the ..data symlink must be replaced atomically.</summary>
internal static partial class NativeFile
{
    public static void Rename(string from, string to)
    {
        if (RenameNative(from, to) != 0)
        {
            throw new IOException($"rename {from} {to}: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [DllImport("libc", EntryPoint = "rename", SetLastError = true, CharSet = CharSet.Ansi)]
    private static extern int RenameNative(string from, string to);
}
