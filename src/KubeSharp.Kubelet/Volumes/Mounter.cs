using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace KubeSharp.Kubelet.Volumes;

/// <summary>tmpfs mounts through the mount(8)/umount(8) commands and the mount table of /proc/self/mountinfo.</summary>
internal static class Mounter
{
    public static async Task MountTmpfsAsync(string target, long? sizeBytes, CancellationToken cancellationToken)
    {
        var args = new List<string> { "-t", "tmpfs" };
        if (sizeBytes is > 0)
        {
            args.AddRange(["-o", "size=" + sizeBytes.Value.ToString(CultureInfo.InvariantCulture)]);
        }

        args.AddRange(["tmpfs", target]);
        await RunAsync("mount", args, cancellationToken).ConfigureAwait(false);
    }

    public static Task UnmountAsync(string target, CancellationToken cancellationToken) => RunAsync("umount", [target], cancellationToken);

    /// <summary>The mount points at or under <paramref name="root"/>, deepest first.</summary>
    public static IReadOnlyList<string> MountPointsUnder(string root)
    {
        var full = Path.GetFullPath(root).TrimEnd('/');
        return File.ReadLines("/proc/self/mountinfo")
            .Select(line => line.Split(' '))
            .Where(fields => fields.Length > 4)
            .Select(fields => Unescape(fields[4]))
            .Where(mp => mp == full || mp.StartsWith(full + "/", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(mp => mp.Length)
            .ToList();
    }

    public static bool IsMountPoint(string path) => MountPointsUnder(path).Contains(Path.GetFullPath(path).TrimEnd('/'));

    private static async Task RunAsync(string command, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi) ?? throw new IOException($"cannot start {command}");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new IOException($"{command} {string.Join(' ', psi.ArgumentList)} failed: exit status {process.ExitCode}: {(await stderr.ConfigureAwait(false)).Trim()}");
        }
    }

    // mountinfo escapes space, tab, newline and backslash as \ooo.
    private static string Unescape(string s)
    {
        if (!s.Contains('\\', StringComparison.Ordinal))
        {
            return s;
        }

        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 3 < s.Length)
            {
                sb.Append((char)Convert.ToInt32(s.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                sb.Append(s[i]);
            }
        }

        return sb.ToString();
    }
}
