using System.Diagnostics;
using System.Globalization;

namespace KubeSharp.Kubelet.Volumes;

/// <summary>Upstream's hostPath type checks (pkg/volume/hostpath), with its messages; symlinks are followed as os.Stat does.</summary>
internal static class HostPathTypeChecker
{
    private const int FileTypeMask = 0xF000;
    private const int Socket = 0xC000;
    private const int BlockDevice = 0x6000;
    private const int CharDevice = 0x2000;

    /// <summary>Checks (and for the *OrCreate types creates) <paramref name="path"/>; throws with upstream's message.</summary>
    public static async Task CheckAsync(string path, string? type, CancellationToken cancellationToken)
    {
        switch (type ?? "")
        {
            case "":
                return;
            case "DirectoryOrCreate" when !Exists(path):
                Directory.CreateDirectory(path, (UnixFileMode)Convert.ToInt32("755", 8));
                return;
            case "DirectoryOrCreate" or "Directory":
                if (!Directory.Exists(path))
                {
                    throw new IOException($"hostPath type check failed: {path} is not a directory");
                }

                return;
            case "FileOrCreate" when !Exists(path):
                // Like upstream, the parent directory is not created.
                using (File.Open(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = (UnixFileMode)Convert.ToInt32("644", 8) }))
                {
                }

                return;
            case "FileOrCreate" or "File":
                if (!File.Exists(path) || await FileTypeAsync(path, cancellationToken).ConfigureAwait(false) != 0x8000)
                {
                    throw new IOException($"hostPath type check failed: {path} is not a file");
                }

                return;
            case "Socket":
                await ExpectAsync(path, Socket, "a socket file", cancellationToken).ConfigureAwait(false);
                return;
            case "CharDevice":
                await ExpectAsync(path, CharDevice, "a character device", cancellationToken).ConfigureAwait(false);
                return;
            case "BlockDevice":
                await ExpectAsync(path, BlockDevice, "a block device", cancellationToken).ConfigureAwait(false);
                return;
            default:
                throw new IOException($"{type} is an invalid volume type");
        }
    }

    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);

    private static async Task ExpectAsync(string path, int fileType, string what, CancellationToken cancellationToken)
    {
        if (!Exists(path) || await FileTypeAsync(path, cancellationToken).ConfigureAwait(false) != fileType)
        {
            throw new IOException($"hostPath type check failed: {path} is not {what}");
        }
    }

    // .NET exposes no file type beyond file/directory; stat(1) prints the raw st_mode in hex.
    private static async Task<int> FileTypeAsync(string path, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo("stat") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-L", "-c", "%f", "--", path })
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi) ?? throw new IOException("cannot start stat");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            return 0;
        }

        return int.Parse(output.Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & FileTypeMask;
    }
}
