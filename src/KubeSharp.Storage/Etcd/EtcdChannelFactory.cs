using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KubeSharp.Storage.Etcd;

/// <summary>A gRPC channel to one etcd endpoint, or to several with fail-over between them.</summary>
internal static class EtcdChannelFactory
{
    public static GrpcChannel Create(string endpoints)
    {
        var uris = endpoints.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(e => new Uri(e, UriKind.Absolute))
            .ToArray();
        if (uris.Length == 0)
        {
            throw new ArgumentException("no etcd endpoint given", nameof(endpoints));
        }

        var options = new GrpcChannelOptions
        {
            MaxReceiveMessageSize = null,
            HttpHandler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                KeepAlivePingDelay = TimeSpan.FromSeconds(30),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            },
        };
        if (uris.Length == 1)
        {
            return GrpcChannel.ForAddress(uris[0], options);
        }

        // Several members: a static resolver with pick_first moves to the next member when one fails.
        var addresses = uris.Select(u => new BalancerAddress(u.Host, u.Port)).ToArray();
        var services = new ServiceCollection();
        services.AddSingleton<ResolverFactory>(new StaticResolverFactory(_ => addresses));
        options.ServiceProvider = services.BuildServiceProvider();
        options.Credentials = uris[0].Scheme == Uri.UriSchemeHttps ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure;
        options.ServiceConfig = new ServiceConfig { LoadBalancingConfigs = { new PickFirstConfig() } };
        return GrpcChannel.ForAddress("static:///etcd", options);
    }
}
