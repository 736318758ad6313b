using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KubeSharp.Kubelet.Runtime;

/// <summary>
/// Removes what a containerd and its CNI network may leave on the host once it is gone: shims, runc containers,
/// mounts, the bridge, masquerade rules and the CNI result cache.
/// </summary>
internal static partial class HostCleanup
{
    /// <summary>SIGKILLs the shims whose command line names <paramref name="socket"/> (-address &lt;socket&gt;); returns their pids.</summary>
    public static IReadOnlyList<int> KillShims(string socket)
    {
        var killed = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string[] args;
            try
            {
                args = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            if (args.Length > 0 && Path.GetFileName(args[0]).StartsWith("containerd-shim", StringComparison.Ordinal)
                && args.Any(a => a == socket || a == "unix://" + socket) && NativeProcess.Signal(pid, NativeProcess.SigKill))
            {
                killed.Add(pid);
            }
        }

        return killed;
    }

    /// <summary>Kills and deletes every runc container left under <paramref name="runcRoot"/> (one folder per namespace).</summary>
    public static async Task RemoveRuncContainersAsync(string runc, string runcRoot, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(runcRoot))
        {
            return;
        }

        foreach (var namespaceRoot in Directory.EnumerateDirectories(runcRoot))
        {
            foreach (var container in Directory.EnumerateDirectories(namespaceRoot))
            {
                await HostCommand.RunAsync(runc, ["--root", namespaceRoot, "delete", "--force", Path.GetFileName(container)], cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Lazily unmounts every mount at or below the given folders, deepest first; returns the mount points.</summary>
    public static IReadOnlyList<string> UnmountUnder(IEnumerable<string> folders)
    {
        var prefixes = folders.Select(f => Path.TrimEndingDirectorySeparator(Path.GetFullPath(f))).ToList();
        var unmounted = new List<string>();
        // Mounts may stack: unmount until nothing of ours is left (bounded, in case one cannot go).
        for (var round = 0; round < 5; round++)
        {
            var ours = MountPoints()
                .Where(m => prefixes.Any(p => m == p || m.StartsWith(p + "/", StringComparison.Ordinal)))
                .OrderByDescending(m => m.Length)
                .ToList();
            if (ours.Count == 0)
            {
                break;
            }

            foreach (var mount in ours)
            {
                if (NativeProcess.Unmount(mount))
                {
                    unmounted.Add(mount);
                }
            }
        }

        return unmounted;
    }

    /// <summary>Mount points of this mount namespace (/proc/self/mountinfo field 5, octal escapes decoded).</summary>
    public static IReadOnlyList<string> MountPoints() =>
        File.ReadAllLines("/proc/self/mountinfo")
            .Select(line => line.Split(' '))
            .Where(fields => fields.Length > 4)
            .Select(fields => OctalEscape().Replace(fields[4], m => ((char)Convert.ToInt32(m.Groups[1].Value, 8)).ToString()))
            .ToList();

    public static bool LinkExists(string name) => Directory.Exists(Path.Combine("/sys/class/net", name));

    public static async Task DeleteLinkAsync(string name, CancellationToken cancellationToken)
    {
        if (LinkExists(name))
        {
            await HostCommand.RunAsync("ip", ["link", "delete", name], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Deletes the nat rules and chains the bridge plugin's ipMasq made for <paramref name="network"/>: its POSTROUTING
    /// jumps and CNI-… chains carry the comment <c>name: "&lt;network&gt;" id: "&lt;container&gt;"</c>.
    /// </summary>
    public static async Task DeleteMasqueradeRulesAsync(string network, CancellationToken cancellationToken)
    {
        var chains = await MasqueradeChainsAsync(network, cancellationToken).ConfigureAwait(false);
        foreach (var (number, _) in chains.OrderByDescending(c => c.Number))
        {
            await HostCommand.RunAsync("iptables", ["-w", "-t", "nat", "-D", "POSTROUTING", number.ToString(CultureInfo.InvariantCulture)], cancellationToken).ConfigureAwait(false);
        }

        foreach (var chain in chains.Select(c => c.Chain).Where(c => c.StartsWith("CNI-", StringComparison.Ordinal)).Distinct())
        {
            await HostCommand.RunAsync("iptables", ["-w", "-t", "nat", "-F", chain], cancellationToken).ConfigureAwait(false);
            await HostCommand.RunAsync("iptables", ["-w", "-t", "nat", "-X", chain], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>POSTROUTING rules (number, target chain) commented with <paramref name="network"/>'s name.</summary>
    public static async Task<IReadOnlyList<(int Number, string Chain)>> MasqueradeChainsAsync(string network, CancellationToken cancellationToken)
    {
        var listing = await HostCommand.RunAsync("iptables", ["-w", "-t", "nat", "-L", "POSTROUTING", "-n", "--line-numbers"], cancellationToken).ConfigureAwait(false);
        var marker = $"/* name: \"{network}\" ";
        var rules = new List<(int, string)>();
        foreach (var line in listing.Output.Split('\n'))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 1 && line.Contains(marker, StringComparison.Ordinal) && int.TryParse(fields[0], CultureInfo.InvariantCulture, out var number))
            {
                rules.Add((number, fields[1]));
            }
        }

        return rules;
    }

    /// <summary>
    /// The network namespaces of the network's attachments, from libcni's cached ADD results
    /// (/var/lib/cni/results/&lt;network&gt;-&lt;container&gt;-&lt;ifname&gt;: result.interfaces[].sandbox).
    /// </summary>
    public static IReadOnlyList<string> AttachmentNamespaces(string network, string cacheDir = DefaultCniCacheDir) =>
        CacheFiles(network, cacheDir)
            .SelectMany(file =>
            {
                try
                {
                    return (JsonNode.Parse(File.ReadAllText(file))?["result"]?["interfaces"]?.AsArray() ?? [])
                        .Select(i => (string?)i?["sandbox"])
                        .OfType<string>()
                        .Where(path => path.StartsWith("/var/run/netns/", StringComparison.Ordinal) || path.StartsWith("/run/netns/", StringComparison.Ordinal));
                }
                catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
                {
                    return [];
                }
            })
            .Distinct()
            .ToList();

    /// <summary>
    /// Removes what pods of the network left when containerd could not tear them down: their network namespaces
    /// (which takes their veth pairs along) and libcni's cached results.
    /// </summary>
    public static void DeleteAttachments(string network, string cacheDir = DefaultCniCacheDir)
    {
        foreach (var netns in AttachmentNamespaces(network, cacheDir).Where(File.Exists))
        {
            NativeProcess.Unmount(netns);
            File.Delete(netns);
        }

        foreach (var file in CacheFiles(network, cacheDir))
        {
            File.Delete(file);
        }
    }

    private const string DefaultCniCacheDir = "/var/lib/cni/results";

    private static IEnumerable<string> CacheFiles(string network, string cacheDir) =>
        Directory.Exists(cacheDir) ? Directory.EnumerateFiles(cacheDir, network + "-*").ToList() : [];

    [GeneratedRegex(@"\\([0-7]{3})")]
    private static partial Regex OctalEscape();
}
