using System.Formats.Tar;
using System.Text.Json.Nodes;

namespace KubeSharp.Kubelet.Images;

/// <summary>Reads the images of an OCI image-layout tarball (as <see cref="OciImageWriter"/> writes them) into memory.</summary>
internal static class OciLayoutReader
{
    /// <summary>The image names of a layout tarball's index.json, without reading its blobs.</summary>
    public static async Task<IReadOnlyList<ImageReference>> ReadReferencesAsync(string tarball, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(tarball);
        await using var reader = new TarReader(stream);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
        {
            if (entry.Name.TrimStart('.', '/') == "index.json" && entry.DataStream is { } data)
            {
                var index = await JsonNode.ParseAsync(data, cancellationToken: cancellationToken).ConfigureAwait(false);
                return (index?["manifests"]?.AsArray() ?? [])
                    .Select(d => (string?)d?["annotations"]?[OciMediaTypes.ContainerdImageNameAnnotation])
                    .OfType<string>()
                    .Select(ImageReference.Parse)
                    .ToList();
            }
        }

        throw new InvalidDataException($"{tarball} is not an OCI image layout: it has no index.json");
    }

    public static async Task<IReadOnlyList<OciLayoutImage>> ReadAsync(string tarball, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        await using (var stream = File.OpenRead(tarball))
        await using (var reader = new TarReader(stream))
        {
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && entry.DataStream is { } data)
                {
                    using var buffer = new MemoryStream();
                    await data.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                    files[entry.Name.TrimStart('.', '/')] = buffer.ToArray();
                }
            }
        }

        if (!files.TryGetValue("index.json", out var indexBytes))
        {
            throw new InvalidDataException($"{tarball} is not an OCI image layout: it has no index.json");
        }

        byte[] Blob(string digest) =>
            files.TryGetValue("blobs/" + digest.Replace(':', '/'), out var blob)
                ? blob
                : throw new InvalidDataException($"{tarball} lacks blob {digest}");

        var images = new List<OciLayoutImage>();
        foreach (var descriptor in JsonNode.Parse(indexBytes)?["manifests"]?.AsArray() ?? [])
        {
            var annotations = descriptor?["annotations"];
            var name = (string?)annotations?[OciMediaTypes.ContainerdImageNameAnnotation] ?? (string?)annotations?[OciMediaTypes.RefNameAnnotation];
            var digest = (string?)descriptor?["digest"];
            if (name is null || digest is null)
            {
                continue;
            }

            var manifest = Blob(digest);
            var manifestJson = JsonNode.Parse(manifest) ?? throw new InvalidDataException($"{tarball}: manifest {digest} is empty");
            var blobs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            var configDigest = (string?)manifestJson["config"]?["digest"] ?? throw new InvalidDataException($"{tarball}: manifest {digest} has no config");
            blobs[configDigest] = Blob(configDigest);
            foreach (var layer in manifestJson["layers"]?.AsArray() ?? [])
            {
                var layerDigest = (string?)layer?["digest"] ?? throw new InvalidDataException($"{tarball}: manifest {digest} has a layer without digest");
                blobs[layerDigest] = Blob(layerDigest);
            }

            images.Add(new OciLayoutImage(ImageReference.Parse(name), digest, manifest, blobs));
        }

        return images;
    }
}
