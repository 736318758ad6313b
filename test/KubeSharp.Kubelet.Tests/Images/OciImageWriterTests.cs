using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json.Nodes;
using KubeSharp.Kubelet.Images;

namespace KubeSharp.Kubelet.Tests.Images;

public sealed class OciImageWriterTests : IDisposable
{
    private readonly string fakeBusybox;

    public OciImageWriterTests()
    {
        fakeBusybox = Path.GetTempFileName();
        File.WriteAllBytes(fakeBusybox, [0x7f, (byte)'E', (byte)'L', (byte)'F', 1, 2, 3]);
    }

    public void Dispose() => File.Delete(fakeBusybox);

    [Fact]
    public async Task WriteAsync_SameImageTwice_SameBytes()
    {
        var image = BuiltInImages.Busybox(fakeBusybox, ["bin/sh", "usr/bin/wget", "bin/sleep"]);

        var first = await WriteAsync(image);
        var second = await WriteAsync(image);

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task WriteAsync_Image_LayoutWithBlobsNamedByDigestAndContainerdName()
    {
        var layout = ReadTar(await WriteAsync(BuiltInImages.Busybox(fakeBusybox, ["bin/sh"])));

        Assert.Equal(layout.Keys.Order(StringComparer.Ordinal), layout.Keys);
        Assert.Equal("1.0.0", (string?)JsonNode.Parse(layout["oci-layout"])!["imageLayoutVersion"]);
        foreach (var (name, content) in layout.Where(e => e.Key.StartsWith("blobs/sha256/", StringComparison.Ordinal)))
        {
            Assert.Equal("sha256:" + name["blobs/sha256/".Length..], OciImageWriter.Digest(content));
        }

        var descriptor = JsonNode.Parse(layout["index.json"])!["manifests"]![0]!;
        Assert.Equal(OciMediaTypes.ImageManifest, (string?)descriptor["mediaType"]);
        Assert.Equal("docker.io/library/busybox:1.35", (string?)descriptor["annotations"]![OciMediaTypes.ContainerdImageNameAnnotation]);
        Assert.Equal("1.35", (string?)descriptor["annotations"]![OciMediaTypes.RefNameAnnotation]);

        var manifestBytes = Blob(layout, (string)descriptor["digest"]!);
        Assert.Equal((long)descriptor["size"]!, manifestBytes.Length);
        var manifest = JsonNode.Parse(manifestBytes)!;
        var config = JsonNode.Parse(Blob(layout, (string)manifest["config"]!["digest"]!))!;
        var layerDescriptor = manifest["layers"]![0]!;
        Assert.Equal(OciMediaTypes.LayerGzip, (string?)layerDescriptor["mediaType"]);
        var layer = Blob(layout, (string)layerDescriptor["digest"]!);
        Assert.Equal((long)layerDescriptor["size"]!, layer.Length);
        Assert.Equal(OciImageWriter.Digest(Gunzip(layer)), (string?)config["rootfs"]!["diff_ids"]![0]);
        Assert.Equal("linux", (string?)config["os"]);
        Assert.Equal(OciImageWriter.GoArchitecture, (string?)config["architecture"]);
        Assert.Equal("sh", (string?)config["config"]!["Cmd"]![0]);
    }

    [Fact]
    public async Task Busybox_Layer_HasAppletLinksUsersAndStickyTmp()
    {
        var layout = ReadTar(await WriteAsync(BuiltInImages.Busybox(fakeBusybox, ["bin/sh", "usr/bin/wget", "sbin/ifconfig"])));
        var manifest = JsonNode.Parse(Blob(layout, (string)JsonNode.Parse(layout["index.json"])!["manifests"]![0]!["digest"]!))!;
        var layer = Gunzip(Blob(layout, (string)manifest["layers"]![0]!["digest"]!));

        var entries = new List<TarEntry>();
        using (var reader = new TarReader(new MemoryStream(layer)))
        {
            while (reader.GetNextEntry(copyData: true) is { } entry)
            {
                entries.Add(entry);
            }
        }

        var byName = entries.ToDictionary(e => e.Name.TrimEnd('/'));
        Assert.Equal(entries.Select(e => e.Name.TrimEnd('/')).Order(StringComparer.Ordinal), entries.Select(e => e.Name.TrimEnd('/')));
        Assert.All(entries, e => Assert.Equal(DateTimeOffset.UnixEpoch, e.ModificationTime));
        Assert.Equal(TarEntryType.RegularFile, byName["bin/busybox"].EntryType);
        Assert.Equal(FileModes.Executable, byName["bin/busybox"].Mode);
        foreach (var link in new[] { "bin/sh", "bin/wget", "usr/bin/wget", "bin/ifconfig", "sbin/ifconfig" })
        {
            Assert.Equal(TarEntryType.SymbolicLink, byName[link].EntryType);
            Assert.Equal("/bin/busybox", byName[link].LinkName);
        }

        Assert.Equal(FileModes.Sticky, byName["tmp"].Mode);
        Assert.Equal(TarEntryType.Directory, byName["var/www"].EntryType);
        Assert.Equal(TarEntryType.Directory, byName["root"].EntryType);
        var passwd = new StreamReader(byName["etc/passwd"].DataStream!).ReadToEnd();
        Assert.Contains("root:x:0:0:", passwd, StringComparison.Ordinal);
        Assert.Contains("nobody:x:65534:65534:", passwd, StringComparison.Ordinal);
        Assert.Contains("nobody:x:65534:", new StreamReader(byName["etc/group"].DataStream!).ReadToEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pause_Config_SleepsForever()
    {
        var layout = ReadTar(await WriteAsync(BuiltInImages.Pause(fakeBusybox)));
        var descriptor = JsonNode.Parse(layout["index.json"])!["manifests"]![0]!;
        var manifest = JsonNode.Parse(Blob(layout, (string)descriptor["digest"]!))!;
        var config = JsonNode.Parse(Blob(layout, (string)manifest["config"]!["digest"]!))!;

        Assert.Equal("registry.k8s.io/pause:3.9", (string?)descriptor["annotations"]![OciMediaTypes.ContainerdImageNameAnnotation]);
        Assert.Equal(["/bin/busybox", "sleep", "infinity"], config["config"]!["Entrypoint"]!.AsArray().Select(n => (string)n!));
    }

    [Fact]
    public async Task ReadAsync_WrittenTarball_ImageWithItsBlobs()
    {
        var path = Path.GetTempFileName();
        try
        {
            var written = await OciImageWriter.WriteFileAsync(BuiltInImages.Pause(fakeBusybox), path, CancellationToken.None);

            var image = Assert.Single(await OciLayoutReader.ReadAsync(path, CancellationToken.None));

            Assert.Equal(written.Reference, image.Reference);
            Assert.Equal(written.ManifestDigest, image.ManifestDigest);
            Assert.Equal(new[] { written.ConfigDigest, written.LayerDigest }.Order(StringComparer.Ordinal), image.Blobs.Keys.Order(StringComparer.Ordinal));
            Assert.Equal([written.Reference], await OciLayoutReader.ReadReferencesAsync(path, CancellationToken.None));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ToDocker_OciManifest_DockerMediaTypesSameBlobs()
    {
        var oci = """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:aa","size":1},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:bb","size":2}]}"""u8.ToArray();

        var docker = JsonNode.Parse(RegistryPusher.ToDocker(oci))!;

        Assert.Equal(OciMediaTypes.DockerManifest, (string?)docker["mediaType"]);
        Assert.Equal(OciMediaTypes.DockerConfig, (string?)docker["config"]!["mediaType"]);
        Assert.Equal("sha256:aa", (string?)docker["config"]!["digest"]);
        Assert.Equal(OciMediaTypes.DockerLayerGzip, (string?)docker["layers"]![0]!["mediaType"]);
        Assert.Equal("sha256:bb", (string?)docker["layers"]![0]!["digest"]);
    }

    private static async Task<byte[]> WriteAsync(ImageDefinition image)
    {
        using var output = new MemoryStream();
        await OciImageWriter.WriteAsync(image, output, CancellationToken.None);
        return output.ToArray();
    }

    private static Dictionary<string, byte[]> ReadTar(byte[] tar)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using var reader = new TarReader(new MemoryStream(tar));
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            if (entry.DataStream is { } data)
            {
                using var buffer = new MemoryStream();
                data.CopyTo(buffer);
                files[entry.Name] = buffer.ToArray();
            }
        }

        return files;
    }

    private static byte[] Blob(Dictionary<string, byte[]> layout, string digest) => layout["blobs/" + digest.Replace(':', '/')];

    private static byte[] Gunzip(byte[] data)
    {
        using var gzip = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gzip.CopyTo(buffer);
        return buffer.ToArray();
    }
}
