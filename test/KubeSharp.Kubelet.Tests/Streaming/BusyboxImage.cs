using System.Diagnostics;
using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace KubeSharp.Kubelet.Tests.Streaming;

/// <summary>
/// A one-layer OCI image holding the host's static busybox and a link per applet, written as an OCI layout tar
/// (for `ctr images import`); the same layer serves as the pause image with a sleeping entrypoint.
/// </summary>
internal static class BusyboxImage
{
    public static void Write(string path, string tag, IReadOnlyList<string>? entrypoint)
    {
        var layer = Layer();
        var layerDigest = Digest(layer);
        var config = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["config"] = new JsonObject
            {
                ["Env"] = new JsonArray("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
                ["Cmd"] = entrypoint is null ? new JsonArray("sh") : null,
                ["Entrypoint"] = entrypoint is null ? null : new JsonArray([.. entrypoint.Select(e => (JsonNode?)e)]),
            },
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(layerDigest) },
        }.ToJsonString());
        var manifest = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["config"] = Descriptor("application/vnd.oci.image.config.v1+json", config),
            ["layers"] = new JsonArray(Descriptor("application/vnd.oci.image.layer.v1.tar", layer)),
        }.ToJsonString());
        var manifestDescriptor = Descriptor("application/vnd.oci.image.manifest.v1+json", manifest);
        manifestDescriptor["annotations"] = new JsonObject { ["org.opencontainers.image.ref.name"] = tag };
        manifestDescriptor["platform"] = new JsonObject { ["architecture"] = "amd64", ["os"] = "linux" };
        var index = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["manifests"] = new JsonArray(manifestDescriptor),
        }.ToJsonString());

        using var file = File.Create(path);
        using var tar = new TarWriter(file, TarEntryFormat.Pax);
        Add(tar, "oci-layout", Encoding.UTF8.GetBytes("{\"imageLayoutVersion\":\"1.0.0\"}"));
        Add(tar, "index.json", index);
        foreach (var blob in new[] { layer, config, manifest })
        {
            Add(tar, "blobs/sha256/" + Digest(blob)["sha256:".Length..], blob);
        }
    }

    private static byte[] Layer()
    {
        using var buffer = new MemoryStream();
        using (var tar = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var dir in new[] { "bin/", "tmp/", "etc/", "proc/", "sys/", "dev/", "root/", "var/", "www/" })
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, dir)
                {
                    Mode = dir == "tmp/" ? (UnixFileMode)0x3FF | UnixFileMode.StickyBit : (UnixFileMode)0x1ED,
                });
            }

            var busybox = File.ReadAllBytes("/usr/bin/busybox");
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "bin/busybox")
            {
                Mode = (UnixFileMode)0x1ED,
                DataStream = new MemoryStream(busybox),
            });
            foreach (var applet in Applets().Where(a => a != "busybox"))
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "bin/" + applet) { LinkName = "busybox" });
            }

            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "www/index.html")
            {
                Mode = (UnixFileMode)0x1A4,
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes("hello from busybox httpd\n")),
            });
        }

        return buffer.ToArray();
    }

    private static List<string> Applets()
    {
        using var process = Process.Start(new ProcessStartInfo("/usr/bin/busybox", "--list") { RedirectStandardOutput = true })!;
        var list = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        process.WaitForExit();
        return list;
    }

    private static void Add(TarWriter tar, string name, byte[] data) =>
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { Mode = (UnixFileMode)0x1A4, DataStream = new MemoryStream(data) });

    private static JsonObject Descriptor(string mediaType, byte[] data) => new()
    {
        ["mediaType"] = mediaType,
        ["digest"] = Digest(data),
        ["size"] = data.Length,
    };

    private static string Digest(byte[] data) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));
}
