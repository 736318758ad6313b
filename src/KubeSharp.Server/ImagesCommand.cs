using System.CommandLine;
using KubeSharp.Kubelet.Images;

namespace KubeSharp.Server;

/// <summary>`kubesharp images build-busybox|push`: the project's own images, without Docker.</summary>
internal static class ImagesCommand
{
    public static Command Build() => new("images", "Build the busybox and pause images, push images to a registry")
    {
        BuildBusyboxCommand(),
        PushCommand(),
    };

    private static Command BuildBusyboxCommand()
    {
        var dataDir = new Option<string>("--data-dir", "-d") { Description = "Folder for state; images go to <data-dir>/agent/images", DefaultValueFactory = _ => "/var/lib/kubesharp" };
        var output = new Option<string?>("--output") { Description = "Write the tarballs here instead of <data-dir>/agent/images" };
        var busybox = new Option<string>("--busybox") { Description = "The static busybox to package", DefaultValueFactory = _ => BuiltInImages.DefaultBusyboxPath };
        var command = new Command("build-busybox", $"Write {BuiltInImages.BusyboxReference} and {BuiltInImages.PauseReference} as OCI image-layout tarballs")
        {
            dataDir, output, busybox,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var directory = result.GetValue(output) ?? Path.Combine(result.GetValue(dataDir)!, "agent", "images");
            foreach (var image in await BuiltInImages.BuildAsync(Path.GetFullPath(directory), result.GetValue(busybox)!, cancellationToken).ConfigureAwait(false))
            {
                Console.WriteLine($"{image.Reference} {image.ManifestDigest}");
            }

            return 0;
        });
        return command;
    }

    private static Command PushCommand()
    {
        var registry = new Option<string>("--registry") { Description = "host:port of an OCI distribution registry", Required = true };
        var insecure = new Option<bool>("--insecure") { Description = "Talk plain HTTP to the registry" };
        var format = new Option<ManifestFormat>("--format") { Description = "Manifest media types to push (docker: schema2, served to every client)", DefaultValueFactory = _ => ManifestFormat.Docker };
        var username = new Option<string?>("--username") { Description = "User for a registry that asks for credentials (HTTP basic auth)" };
        var password = new Option<string?>("--password") { Description = "Password for --username" };
        var tarballs = new Argument<string[]>("TARBALL") { Description = "OCI image-layout tarballs", Arity = ArgumentArity.OneOrMore };
        var command = new Command("push", "Push the images of OCI layout tarballs to a registry under the same repository and tag")
        {
            registry, insecure, format, username, password, tarballs,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var http = new HttpClient();
            if (result.GetValue(username) is { } user)
            {
                http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
                    Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(user + ":" + result.GetValue(password))));
            }

            var pusher = new RegistryPusher(http);
            foreach (var tarball in result.GetValue(tarballs)!)
            {
                foreach (var image in await pusher.PushAsync(tarball, result.GetValue(registry)!, result.GetValue(insecure), result.GetValue(format), cancellationToken).ConfigureAwait(false))
                {
                    Console.WriteLine($"{image.Reference} {image.ManifestDigest}");
                }
            }

            return 0;
        });
        return command;
    }
}
