using System.Formats.Tar;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace KubeSharp.Kubelet.Images;

/// <summary>
/// Writes a single-layer image as an OCI image-layout tarball (oci-layout, index.json, blobs/sha256/…) that
/// <c>ctr images import</c> names by the index's io.containerd.image.name annotation. The output is deterministic:
/// entries sorted, fixed mtimes and owners, so the same inputs give the same digests.
/// </summary>
internal static class OciImageWriter
{
    /// <summary>The time stamped on every entry and in the config (reproducible builds use the epoch too).</summary>
    public static readonly DateTimeOffset Timestamp = DateTimeOffset.UnixEpoch;

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<OciImageWriteResult> WriteFileAsync(ImageDefinition image, string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        OciImageWriteResult result;
        await using (var output = File.Create(temporary))
        {
            result = await WriteAsync(image, output, cancellationToken).ConfigureAwait(false);
        }

        // Renamed into place so the airgap import never sees a half-written tarball.
        File.Move(temporary, path, overwrite: true);
        return result;
    }

    public static async Task<OciImageWriteResult> WriteAsync(ImageDefinition image, Stream output, CancellationToken cancellationToken)
    {
        var layerTar = await BuildLayerTarAsync(image.Entries, cancellationToken).ConfigureAwait(false);
        var diffId = Digest(layerTar);
        var layer = await GzipAsync(layerTar, cancellationToken).ConfigureAwait(false);
        var layerDigest = Digest(layer);

        var config = Serialize(ConfigJson(image, diffId));
        var configDigest = Digest(config);
        var manifest = Serialize(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciMediaTypes.ImageManifest,
            ["config"] = Descriptor(OciMediaTypes.ImageConfig, configDigest, config.Length),
            ["layers"] = new JsonArray(Descriptor(OciMediaTypes.LayerGzip, layerDigest, layer.Length)),
        });
        var manifestDigest = Digest(manifest);

        var manifestDescriptor = Descriptor(OciMediaTypes.ImageManifest, manifestDigest, manifest.Length);
        manifestDescriptor["annotations"] = new JsonObject
        {
            [OciMediaTypes.ContainerdImageNameAnnotation] = image.Reference.ToString(),
            [OciMediaTypes.RefNameAnnotation] = image.Reference.Tag,
        };
        var index = Serialize(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciMediaTypes.ImageIndex,
            ["manifests"] = new JsonArray(manifestDescriptor),
        });

        var blobs = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [Hex(layerDigest)] = layer,
            [Hex(configDigest)] = config,
            [Hex(manifestDigest)] = manifest,
        };

        await using (var writer = new TarWriter(output, TarEntryFormat.Ustar, leaveOpen: true))
        {
            await writer.WriteEntryAsync(DirectoryEntry("blobs/", FileModes.Executable), cancellationToken).ConfigureAwait(false);
            await writer.WriteEntryAsync(DirectoryEntry("blobs/sha256/", FileModes.Executable), cancellationToken).ConfigureAwait(false);
            foreach (var (hex, blob) in blobs)
            {
                await writer.WriteEntryAsync(FileEntry("blobs/sha256/" + hex, blob, FileModes.Regular), cancellationToken).ConfigureAwait(false);
            }

            await writer.WriteEntryAsync(FileEntry("index.json", index, FileModes.Regular), cancellationToken).ConfigureAwait(false);
            await writer.WriteEntryAsync(FileEntry("oci-layout", Serialize(new JsonObject { ["imageLayoutVersion"] = "1.0.0" }), FileModes.Regular), cancellationToken)
                .ConfigureAwait(false);
        }

        return new OciImageWriteResult(image.Reference, manifestDigest, configDigest, layerDigest, diffId);
    }

    /// <summary>The GOARCH name of this machine, as image configs and platform matchers spell it.</summary>
    public static string GoArchitecture => RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "amd64",
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        System.Runtime.InteropServices.Architecture.Arm => "arm",
        System.Runtime.InteropServices.Architecture.X86 => "386",
        var other => other.ToString().ToLowerInvariant(),
    };

    public static string Digest(ReadOnlySpan<byte> data) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));

    private static async Task<byte[]> BuildLayerTarAsync(IReadOnlyList<LayerEntry> entries, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await using (var writer = new TarWriter(buffer, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var entry in entries.OrderBy(e => e.Path.Trim('/'), StringComparer.Ordinal))
            {
                var name = entry.Path.Trim('/');
                if (name.Length == 0)
                {
                    continue;
                }

                switch (entry.Kind)
                {
                    case LayerEntryKind.Directory:
                        await writer.WriteEntryAsync(DirectoryEntry(name + "/", entry.Mode), cancellationToken).ConfigureAwait(false);
                        break;
                    case LayerEntryKind.Symlink:
                        var link = Stamp(new UstarTarEntry(TarEntryType.SymbolicLink, name), entry.Mode);
                        link.LinkName = entry.LinkTarget ?? throw new ArgumentException($"symlink {entry.Path} has no target", nameof(entries));
                        await writer.WriteEntryAsync(link, cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        var content = entry.Content
                            ?? (entry.SourcePath is { } source
                                ? await File.ReadAllBytesAsync(source, cancellationToken).ConfigureAwait(false)
                                : throw new ArgumentException($"file {entry.Path} has no content", nameof(entries)));
                        await writer.WriteEntryAsync(FileEntry(name, content, entry.Mode), cancellationToken).ConfigureAwait(false);
                        break;
                }
            }
        }

        return buffer.ToArray();
    }

    private static async Task<byte[]> GzipAsync(byte[] data, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            await gzip.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        }

        return buffer.ToArray();
    }

    private static JsonObject ConfigJson(ImageDefinition image, string diffId)
    {
        var created = Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var config = new JsonObject { ["Env"] = Strings(image.Env) };
        if (image.Entrypoint is { } entrypoint)
        {
            config["Entrypoint"] = Strings(entrypoint);
        }

        if (image.Cmd is { } cmd)
        {
            config["Cmd"] = Strings(cmd);
        }

        config["WorkingDir"] = image.WorkingDir;
        return new JsonObject
        {
            ["created"] = created,
            ["architecture"] = GoArchitecture,
            ["os"] = "linux",
            ["config"] = config,
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(diffId) },
            ["history"] = new JsonArray(new JsonObject { ["created"] = created, ["created_by"] = image.CreatedBy }),
        };
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    private static JsonObject Descriptor(string mediaType, string digest, long size) =>
        new() { ["mediaType"] = mediaType, ["digest"] = digest, ["size"] = size };

    /// <summary>Compact JSON without escaping "+" in media types, as other image tools write it.</summary>
    public static byte[] Serialize(JsonNode node) => System.Text.Encoding.UTF8.GetBytes(node.ToJsonString(JsonOptions));

    private static string Hex(string digest) => digest["sha256:".Length..];

    private static UstarTarEntry DirectoryEntry(string name, UnixFileMode mode) => Stamp(new UstarTarEntry(TarEntryType.Directory, name), mode);

    private static UstarTarEntry FileEntry(string name, byte[] content, UnixFileMode mode)
    {
        var entry = Stamp(new UstarTarEntry(TarEntryType.RegularFile, name), mode);
        entry.DataStream = new MemoryStream(content, writable: false);
        return entry;
    }

    private static UstarTarEntry Stamp(UstarTarEntry entry, UnixFileMode mode)
    {
        entry.Mode = mode;
        entry.ModificationTime = Timestamp;
        entry.Uid = 0;
        entry.Gid = 0;
        entry.UserName = "root";
        entry.GroupName = "root";
        return entry;
    }
}
