using System.CommandLine;
using System.Net;
using KubeSharp.ApiServer;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Server;

/// <summary>The `kubesharp` command line (k3s' command and flag names where they fit).</summary>
internal static class Cli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("KubeSharp: Kubernetes in C#, in one binary.");
        root.Subcommands.Add(ServerCommand());
        return root;
    }

    private static Command ServerCommand()
    {
        var dataDir = new Option<string>("--data-dir", "-d") { Description = "Folder for state: database, certificates, token", DefaultValueFactory = _ => "/var/lib/kubesharp" };
        var port = new Option<int>("--https-listen-port") { Description = "HTTPS port of the API server", DefaultValueFactory = _ => 6443 };
        var bind = new Option<string>("--bind-address") { Description = "Address the API server listens on", DefaultValueFactory = _ => "0.0.0.0" };
        var kubeconfig = new Option<string?>("--write-kubeconfig", "-o") { Description = "Write the admin kubeconfig to this file" };
        var datastore = new Option<string?>("--datastore-endpoint") { Description = "etcd endpoint(s), e.g. http://127.0.0.1:2379 (default: embedded SQLite)" };
        var serviceCidr = new Option<string>("--service-cidr") { Description = "Range of Service cluster IPs", DefaultValueFactory = _ => "10.43.0.0/16" };
        var nodePorts = new Option<string>("--service-node-port-range") { Description = "Range of NodePorts", DefaultValueFactory = _ => "30000-32767" };
        var tlsSan = new Option<string[]>("--tls-san") { Description = "Extra name or IP for the serving certificate", AllowMultipleArgumentsPerToken = true };
        var command = new Command("server", "Run a KubeSharp server: API server, store and (in later releases) controllers, scheduler and node agent")
        {
            dataDir, port, bind, kubeconfig, datastore, serviceCidr, nodePorts, tlsSan,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var range = result.GetValue(nodePorts)!.Split('-');
            if (range.Length != 2 || !int.TryParse(range[0], out var first) || !int.TryParse(range[1], out var last) || first < 1 || last > 65535 || first > last)
            {
                await Console.Error.WriteLineAsync($"invalid --service-node-port-range {result.GetValue(nodePorts)}: expected FIRST-LAST").ConfigureAwait(false);
                return 2;
            }

            if (!IPAddress.TryParse(result.GetValue(bind), out var bindAddress))
            {
                await Console.Error.WriteLineAsync($"invalid --bind-address {result.GetValue(bind)}").ConfigureAwait(false);
                return 2;
            }

            var options = new ApiServerOptions
            {
                DataDir = Path.GetFullPath(result.GetValue(dataDir)!),
                HttpsPort = result.GetValue(port),
                BindAddress = bindAddress,
                DatastoreEndpoint = result.GetValue(datastore),
                ServiceCidr = result.GetValue(serviceCidr)!,
                NodePortRange = (first, last),
                TlsSans = result.GetValue(tlsSan) ?? [],
            };
            return await ServerRunner.RunAsync(options, result.GetValue(kubeconfig), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
