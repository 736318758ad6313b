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
        root.Subcommands.Add(AgentCommand());
        root.Subcommands.Add(ImagesCommand.Build());
        root.Subcommands.Add(KillAllCommand());
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
        var disable = new Option<string[]>("--disable") { Description = "Components not to run: controllers, scheduler", AllowMultipleArgumentsPerToken = true };
        var disableAgent = new Option<bool>("--disable-agent") { Description = "Do not run a node agent (kubelet, containerd) in the server" };
        var clusterCidr = new Option<string>("--cluster-cidr") { Description = "Range of pod IPs; each node gets a /24 of it", DefaultValueFactory = _ => "10.42.0.0/16" };
        var agentFlags = new NodeAgentFlags();
        var simulate = new Option<int>("--simulate-nodes") { Description = "Run this many simulated nodes in the server (kwok-like; for tests and scale)" };
        var graceperiod = new Option<int>("--node-monitor-grace-period") { Description = "Seconds a node may stay silent before it is NotReady", DefaultValueFactory = _ => 40 };
        var tolerationSeconds = new Option<long>("--default-not-ready-toleration-seconds")
        {
            Description = "Seconds new pods tolerate a not-ready node before they are evicted (DefaultTolerationSeconds admission)", DefaultValueFactory = _ => 300,
        };
        var unreachableSeconds = new Option<long>("--default-unreachable-toleration-seconds")
        {
            Description = "Seconds new pods tolerate an unreachable node before they are evicted (DefaultTolerationSeconds admission)", DefaultValueFactory = _ => 300,
        };
        var command = new Command("server", "Run a KubeSharp server: API server, store, controllers, scheduler and a node agent")
        {
            dataDir, port, bind, kubeconfig, datastore, serviceCidr, nodePorts, tlsSan, disable, disableAgent, clusterCidr, simulate, graceperiod,
            tolerationSeconds, unreachableSeconds,
        };
        foreach (var flag in agentFlags.All)
        {
            command.Options.Add(flag);
        }

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
                DefaultNotReadyTolerationSeconds = Math.Max(0, result.GetValue(tolerationSeconds)),
                DefaultUnreachableTolerationSeconds = Math.Max(0, result.GetValue(unreachableSeconds)),
            };
            var disabled = result.GetValue(disable) ?? [];
            if (disabled.FirstOrDefault(d => d is not ("controllers" or "scheduler")) is { } unknown)
            {
                await Console.Error.WriteLineAsync($"invalid --disable {unknown}: expected controllers or scheduler").ConfigureAwait(false);
                return 2;
            }

            if (!System.Net.IPNetwork.TryParse(result.GetValue(clusterCidr), out var podRange))
            {
                await Console.Error.WriteLineAsync($"invalid --cluster-cidr {result.GetValue(clusterCidr)}").ConfigureAwait(false);
                return 2;
            }

            NodeAgentOptions? agent = null;
            if (!result.GetValue(disableAgent))
            {
                (agent, var error) = agentFlags.Read(result, options.DataDir, controlPlane: true);
                if (agent is null)
                {
                    await Console.Error.WriteLineAsync(error).ConfigureAwait(false);
                    return 2;
                }
            }

            var controlPlane = new ControlPlaneOptions
            {
                RunControllers = !disabled.Contains("controllers"),
                RunScheduler = !disabled.Contains("scheduler"),
                SimulatedNodes = Math.Max(0, result.GetValue(simulate)),
                Controllers = new Controllers.Runtime.ControllerManagerOptions
                {
                    NodeMonitorGracePeriod = TimeSpan.FromSeconds(Math.Max(1, result.GetValue(graceperiod))),
                    ClusterCidr = podRange.ToString(),
                },
            };
            return await ServerRunner.RunAsync(options, controlPlane, agent, result.GetValue(kubeconfig), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static Command AgentCommand()
    {
        var server = new Option<string>("--server", "-s") { Description = "URL of a KubeSharp server, e.g. https://10.0.0.1:6443", Required = true };
        var token = new Option<string>("--token", "-t") { Description = "The server's join token (<data-dir>/server/token)", Required = true };
        var simulate = new Option<int>("--simulate") { Description = "Run this many simulated nodes (kwok-like) instead of a real node" };
        var dataDir = new Option<string>("--data-dir", "-d") { Description = "Folder for the agent's state", DefaultValueFactory = _ => "/var/lib/kubesharp" };
        var agentFlags = new NodeAgentFlags();
        var prefix = new Option<string>("--node-name-prefix") { Description = "Names of the simulated nodes: <prefix>0, <prefix>1 …", DefaultValueFactory = _ => "sim-node-" };
        var cpu = new Option<string>("--node-cpu") { Description = "CPU capacity of each simulated node", DefaultValueFactory = _ => "32" };
        var memory = new Option<string>("--node-memory") { Description = "Memory capacity of each simulated node", DefaultValueFactory = _ => "256Gi" };
        var pods = new Option<int>("--node-pods") { Description = "Pod capacity of each simulated node", DefaultValueFactory = _ => 110 };
        var jobSeconds = new Option<double>("--job-pod-seconds") { Description = "How long a Job's pod runs before it succeeds", DefaultValueFactory = _ => 5 };
        var command = new Command("agent", "Join a KubeSharp server as a node (containerd, kubelet), or as simulated nodes")
        {
            server, token, simulate, prefix, cpu, memory, pods, jobSeconds, dataDir,
        };
        foreach (var flag in agentFlags.All)
        {
            command.Options.Add(flag);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            if (result.GetValue(simulate) == 0)
            {
                var (agent, error) = agentFlags.Read(result, Path.GetFullPath(result.GetValue(dataDir)!), controlPlane: false);
                if (agent is null)
                {
                    await Console.Error.WriteLineAsync(error).ConfigureAwait(false);
                    return 2;
                }

                return await AgentRunner.RunNodeAsync(result.GetValue(server)!, result.GetValue(token)!, agent, cancellationToken).ConfigureAwait(false);
            }

            var options = new Kubelet.Simulation.SimulationOptions
            {
                Count = result.GetValue(simulate),
                NamePrefix = result.GetValue(prefix)!,
                Cpu = result.GetValue(cpu)!,
                Memory = result.GetValue(memory)!,
                Pods = result.GetValue(pods),
                JobPodDuration = TimeSpan.FromSeconds(Math.Max(0, result.GetValue(jobSeconds))),
            };
            if (options.Count < 0)
            {
                await Console.Error.WriteLineAsync("--simulate must not be negative").ConfigureAwait(false);
                return 2;
            }

            return await AgentRunner.RunAsync(result.GetValue(server)!, result.GetValue(token)!, options, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static Command KillAllCommand()
    {
        var dataDir = new Option<string>("--data-dir", "-d") { Description = "The data dir of the server or agent to clean up", DefaultValueFactory = _ => "/var/lib/kubesharp" };
        var command = new Command("killall", "Stop every pod, container and containerd of a node agent and remove its mounts and pod network (k3s-killall.sh)")
        {
            dataDir,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var loggers = Logging.CreateFactory();
            await NodeAgentHost.KillAllAsync(Path.Combine(Path.GetFullPath(result.GetValue(dataDir)!), "agent"), loggers, cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
