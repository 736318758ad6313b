using System.Runtime.InteropServices;

namespace KubeSharp.Kubelet.Runtime;

/// <summary>Signals by process id (.NET can only SIGKILL a process it holds) and lazy unmounts.</summary>
internal static class NativeProcess
{
    public const int SigTerm = 15;
    public const int SigKill = 9;
    private const int MntDetach = 2;

    public static bool Signal(int pid, int signal) => kill(pid, signal) == 0;

    public static bool IsAlive(int pid) => kill(pid, 0) == 0;

    /// <summary>Detaches a mount (umount -l): busy mounts go away once unused.</summary>
    public static bool Unmount(string path) => umount2(path, MntDetach) == 0;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int umount2([MarshalAs(UnmanagedType.LPStr)] string target, int flags);
}
