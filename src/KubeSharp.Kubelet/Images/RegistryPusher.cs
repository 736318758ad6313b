using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace KubeSharp.Kubelet.Images;

/// <summary>
/// Pushes the images of OCI layout tarballs to an OCI distribution registry (blob upload POST then PUT, manifest PUT),
/// under the same repository and tag on that registry: docker.io/library/busybox:1.35 becomes &lt;registry&gt;/library/busybox:1.35.
/// </summary>
internal sealed class RegistryPusher(HttpClient http)
{
    /// <param name="registry">host:port of the registry.</param>
    /// <param name="insecure">Plain HTTP instead of HTTPS.</param>
    public async Task<IReadOnlyList<PushedImage>> PushAsync(string tarball, string registry, bool insecure, ManifestFormat format, CancellationToken cancellationToken)
    {
        var baseUri = new Uri($"{(insecure ? "http" : "https")}://{registry}/");
        var pushed = new List<PushedImage>();
        foreach (var image in await OciLayoutReader.ReadAsync(tarball, cancellationToken).ConfigureAwait(false))
        {
            var repository = image.Reference.Repository;
            foreach (var (digest, blob) in image.Blobs)
            {
                await PushBlobAsync(baseUri, repository, digest, blob, cancellationToken).ConfigureAwait(false);
            }

            var (manifest, mediaType) = format == ManifestFormat.Docker ? (ToDocker(image.Manifest), OciMediaTypes.DockerManifest) : (image.Manifest, OciMediaTypes.ImageManifest);
            using var content = new ByteArrayContent(manifest);
            content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            using var response = await http.PutAsync(new Uri(baseUri, $"v2/{repository}/manifests/{image.Reference.Tag}"), content, cancellationToken).ConfigureAwait(false);
            await EnsureAsync(response, HttpStatusCode.Created, "manifest upload", cancellationToken).ConfigureAwait(false);
            pushed.Add(new PushedImage(image.Reference.WithRegistry(registry), OciImageWriter.Digest(manifest)));
        }

        return pushed;
    }

    /// <summary>The same manifest with Docker schema2 media types; config and layer blobs are byte-identical in both formats.</summary>
    public static byte[] ToDocker(byte[] ociManifest)
    {
        var manifest = JsonNode.Parse(ociManifest)!.AsObject();
        manifest["mediaType"] = OciMediaTypes.DockerManifest;
        manifest["config"]!["mediaType"] = OciMediaTypes.DockerConfig;
        foreach (var layer in manifest["layers"]!.AsArray())
        {
            layer!["mediaType"] = OciMediaTypes.DockerLayerGzip;
        }

        return OciImageWriter.Serialize(manifest);
    }

    private async Task PushBlobAsync(Uri baseUri, string repository, string digest, byte[] blob, CancellationToken cancellationToken)
    {
        using (var head = new HttpRequestMessage(HttpMethod.Head, new Uri(baseUri, $"v2/{repository}/blobs/{digest}")))
        using (var exists = await http.SendAsync(head, cancellationToken).ConfigureAwait(false))
        {
            if (exists.StatusCode == HttpStatusCode.OK)
            {
                return;
            }
        }

        Uri location;
        using (var start = await http.PostAsync(new Uri(baseUri, $"v2/{repository}/blobs/uploads/"), content: null, cancellationToken).ConfigureAwait(false))
        {
            await EnsureAsync(start, HttpStatusCode.Accepted, "blob upload start", cancellationToken).ConfigureAwait(false);
            location = start.Headers.Location is { } l
                ? (l.IsAbsoluteUri ? l : new Uri(baseUri, l))
                : throw new HttpRequestException($"registry {baseUri} started a blob upload without a Location");
        }

        var separator = location.Query.Length > 0 ? "&" : "?";
        using var content = new ByteArrayContent(blob);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var done = await http.PutAsync(new Uri(location + separator + "digest=" + Uri.EscapeDataString(digest)), content, cancellationToken).ConfigureAwait(false);
        await EnsureAsync(done, HttpStatusCode.Created, $"blob upload {digest}", cancellationToken).ConfigureAwait(false);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected, string what, CancellationToken cancellationToken)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new HttpRequestException($"{what} to {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {response.StatusCode}: {body}", null, response.StatusCode);
        }
    }
}
