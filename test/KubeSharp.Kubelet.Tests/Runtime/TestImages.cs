using KubeSharp.Kubelet.Images;

namespace KubeSharp.Kubelet.Tests.Runtime;

/// <summary>busybox.tar and pause.tar built once per test run (from /usr/bin/busybox) and copied where needed.</summary>
internal static class TestImages
{
    private static readonly Lazy<Task<string>> Built = new(BuildAsync);

    /// <summary>Copies the tarballs into <paramref name="imagesDir"/> (an agent's airgap folder).</summary>
    public static async Task CopyToAsync(string imagesDir)
    {
        var source = await Built.Value;
        Directory.CreateDirectory(imagesDir);
        foreach (var file in Directory.EnumerateFiles(source, "*.tar"))
        {
            File.Copy(file, Path.Combine(imagesDir, Path.GetFileName(file)), overwrite: true);
        }
    }

    public static async Task<string> TarballAsync(string fileName) => Path.Combine(await Built.Value, fileName);

    private static async Task<string> BuildAsync()
    {
        var dir = Directory.CreateTempSubdirectory("ks-images-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(dir, recursive: true);
        await BuiltInImages.BuildAsync(dir, BuiltInImages.DefaultBusyboxPath, CancellationToken.None);
        return dir;
    }
}
