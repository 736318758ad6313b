using System.Diagnostics;

namespace KubeSharp.Kubelet.Images;

/// <summary>
/// The images the project builds itself from the host's static busybox (Debian busybox-static): the busybox test image
/// and the pause image for pod sandboxes. Written into &lt;data-dir&gt;/agent/images/ they are imported at start (airgap).
/// </summary>
internal static class BuiltInImages
{
    public const string BusyboxReference = "docker.io/library/busybox:1.35";
    public const string PauseReference = "registry.k8s.io/pause:3.9";
    public const string DefaultBusyboxPath = "/usr/bin/busybox";
    public const string BusyboxFileName = "busybox.tar";
    public const string PauseFileName = "pause.tar";

    private const string Passwd = "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n";
    private const string Group = "root:x:0:\nnobody:x:65534:\n";

    /// <summary>Writes busybox.tar and pause.tar into <paramref name="outputDirectory"/>.</summary>
    public static async Task<IReadOnlyList<OciImageWriteResult>> BuildAsync(string outputDirectory, string busyboxPath, CancellationToken cancellationToken)
    {
        if (!File.Exists(busyboxPath))
        {
            throw new FileNotFoundException($"no static busybox at {busyboxPath}: install it with 'apt-get install -y busybox-static'", busyboxPath);
        }

        var applets = await ListAppletsAsync(busyboxPath, cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(outputDirectory);
        return
        [
            await OciImageWriter.WriteFileAsync(Busybox(busyboxPath, applets), Path.Combine(outputDirectory, BusyboxFileName), cancellationToken).ConfigureAwait(false),
            await OciImageWriter.WriteFileAsync(Pause(busyboxPath), Path.Combine(outputDirectory, PauseFileName), cancellationToken).ConfigureAwait(false),
        ];
    }

    /// <summary>
    /// busybox:1.35 with every applet linked at its usual place (<c>busybox --list-full</c>, e.g. usr/bin/wget) and in /bin,
    /// root and nobody in /etc/passwd and /etc/group, and the usual writable folders.
    /// </summary>
    public static ImageDefinition Busybox(string busyboxPath, IReadOnlyList<string> appletPaths)
    {
        var entries = new Dictionary<string, LayerEntry>(StringComparer.Ordinal);
        void Add(LayerEntry entry) => entries.TryAdd(entry.Path, entry);

        foreach (var dir in new[] { "/bin", "/sbin", "/usr", "/usr/bin", "/usr/sbin", "/etc", "/var", "/var/www", "/home", "/dev", "/proc", "/sys" })
        {
            Add(LayerEntry.Directory(dir));
        }

        Add(LayerEntry.Directory("/root", FileModes.Private));
        Add(LayerEntry.Directory("/tmp", FileModes.Sticky));
        Add(LayerEntry.Directory("/var/tmp", FileModes.Sticky));
        Add(LayerEntry.HostFile("/bin/busybox", busyboxPath));
        Add(LayerEntry.TextFile("/etc/passwd", Passwd));
        Add(LayerEntry.TextFile("/etc/group", Group));
        foreach (var applet in appletPaths)
        {
            var full = "/" + applet.Trim('/');
            var name = Path.GetFileName(full);
            if (name is "busybox" or "")
            {
                continue;
            }

            Add(LayerEntry.Symlink("/bin/" + name, "/bin/busybox"));
            if (Path.GetDirectoryName(full) is "/sbin" or "/usr/bin" or "/usr/sbin")
            {
                Add(LayerEntry.Symlink(full, "/bin/busybox"));
            }
        }

        return new ImageDefinition(ImageReference.Parse(BusyboxReference), [.. entries.Values])
        {
            Cmd = ["sh"],
            CreatedBy = "kubesharp images build-busybox",
        };
    }

    /// <summary>
    /// pause:3.9: busybox sleeping forever. As PID 1 it ignores SIGTERM, which is fine: containerd stops a sandbox with SIGKILL.
    /// </summary>
    public static ImageDefinition Pause(string busyboxPath) =>
        new(ImageReference.Parse(PauseReference), [LayerEntry.Directory("/bin"), LayerEntry.HostFile("/bin/busybox", busyboxPath)])
        {
            Entrypoint = ["/bin/busybox", "sleep", "infinity"],
            Env = [],
            CreatedBy = "kubesharp images build-busybox",
        };

    /// <summary>The applets of <paramref name="busyboxPath"/> with their install paths ("usr/bin/wget").</summary>
    public static async Task<IReadOnlyList<string>> ListAppletsAsync(string busyboxPath, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(busyboxPath) { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("--list-full");
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not run {busyboxPath}");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{busyboxPath} --list-full exited with code {process.ExitCode}");
        }

        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
