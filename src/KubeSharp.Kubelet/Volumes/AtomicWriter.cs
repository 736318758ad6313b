using System.Globalization;

namespace KubeSharp.Kubelet.Volumes;

/// <summary>
/// Upstream's AtomicWriter layout (pkg/volume/util/atomic_writer.go): the payload is written into a fresh timestamped
/// directory <c>..YYYY_MM_DD_hh_mm_ss.N</c>, the <c>..data</c> symlink is swapped to it with one rename, and every
/// top-level user-visible path is a symlink through <c>..data</c>. A reader therefore sees either the old or the new
/// payload, never a mix, and a file resolved once (a subPath mount) keeps its old content.
/// </summary>
internal sealed class AtomicWriter(string targetDir, TimeProvider time)
{
    public const string DataDirName = "..data";
    private const string NewDataDirName = "..data_tmp";

    /// <summary>Writes the payload unless it equals what is already visible; returns whether anything changed.</summary>
    public bool Write(IReadOnlyDictionary<string, FileProjection> payload)
    {
        foreach (var path in payload.Keys)
        {
            ValidatePath(path);
        }

        Directory.CreateDirectory(targetDir);
        var dataLink = Path.Combine(targetDir, DataDirName);
        var oldTsName = new FileInfo(dataLink).LinkTarget;
        var oldTsDir = oldTsName is null ? null : Path.Combine(targetDir, oldTsName);
        var oldUserVisible = oldTsDir is not null && Directory.Exists(oldTsDir) ? TopLevel(ListFiles(oldTsDir)) : [];

        if (oldTsDir is not null && Directory.Exists(oldTsDir) && SamePayload(oldTsDir, payload))
        {
            CreateUserVisiblePaths(payload);
            return false;
        }

        var tsDir = NewTimestampedDir();
        foreach (var (path, file) in payload)
        {
            var full = Path.Combine(tsDir, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, file.Data);
            File.SetUnixFileMode(full, file.Mode);
        }

        CreateUserVisiblePaths(payload);

        var tmpLink = Path.Combine(targetDir, NewDataDirName);
        if (File.Exists(tmpLink) || Directory.Exists(tmpLink) || new FileInfo(tmpLink).LinkTarget is not null)
        {
            File.Delete(tmpLink);
        }

        File.CreateSymbolicLink(tmpLink, Path.GetFileName(tsDir));
        NativeFile.Rename(tmpLink, dataLink);

        var newUserVisible = TopLevel(payload.Keys);
        foreach (var stale in oldUserVisible.Except(newUserVisible))
        {
            File.Delete(Path.Combine(targetDir, stale));
        }

        if (oldTsDir is not null && Directory.Exists(oldTsDir))
        {
            Directory.Delete(oldTsDir, recursive: true);
        }

        return true;
    }

    private static void ValidatePath(string path)
    {
        if (path.Length == 0)
        {
            throw new VolumeSetupException("invalid path: must not be empty");
        }

        if (Path.IsPathRooted(path))
        {
            throw new VolumeSetupException($"invalid path: must be relative path: {path}");
        }

        if (path.Split('/').Contains(".."))
        {
            throw new VolumeSetupException($"invalid path: must not contain '..': {path}");
        }

        if (path.StartsWith("..", StringComparison.Ordinal))
        {
            throw new VolumeSetupException($"invalid path: must not start with '..': {path}");
        }
    }

    private string NewTimestampedDir()
    {
        var stamp = time.GetUtcNow().UtcDateTime.ToString("'..'yyyy'_'MM'_'dd'_'HH'_'mm'_'ss'.'", CultureInfo.InvariantCulture);
        while (true)
        {
            var dir = Path.Combine(targetDir, stamp + Random.Shared.Next(0, int.MaxValue).ToString(CultureInfo.InvariantCulture));
            if (!Directory.Exists(dir))
            {
                Directory.CreateDirectory(dir);
                File.SetUnixFileMode(dir, (UnixFileMode)Convert.ToInt32("755", 8));
                return dir;
            }
        }
    }

    private void CreateUserVisiblePaths(IReadOnlyDictionary<string, FileProjection> payload)
    {
        foreach (var top in TopLevel(payload.Keys))
        {
            var visible = Path.Combine(targetDir, top);
            if (new FileInfo(visible).LinkTarget is null)
            {
                File.CreateSymbolicLink(visible, Path.Combine(DataDirName, top));
            }
        }
    }

    private static bool SamePayload(string tsDir, IReadOnlyDictionary<string, FileProjection> payload)
    {
        var existing = ListFiles(tsDir);
        if (existing.Count != payload.Count)
        {
            return false;
        }

        foreach (var (path, file) in payload)
        {
            var full = Path.Combine(tsDir, path);
            if (!existing.Contains(path) || File.GetUnixFileMode(full) != file.Mode || !File.ReadAllBytes(full).AsSpan().SequenceEqual(file.Data))
            {
                return false;
            }
        }

        return true;
    }

    private static HashSet<string> ListFiles(string dir) =>
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir, f))
            .ToHashSet(StringComparer.Ordinal);

    private static HashSet<string> TopLevel(IEnumerable<string> paths) =>
        paths.Select(p => p.Split('/')[0]).ToHashSet(StringComparer.Ordinal);
}
