using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using KubeSharp.Api.Hosting;
using KubeSharp.Api.HttpStream;
using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Stats;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Streaming;

/// <summary>
/// The kubelet's HTTPS server (upstream's pkg/kubelet/server): /containerLogs/{ns}/{pod}/{container} from the CRI log
/// files, and /exec, /attach (…/{ns}/{pod}[/{uid}]/{container}) and /portForward/{ns}/{pod}[/{uid}] relayed to the
/// runtime's streaming server at the URL CRI hands out; /stats/summary and /metrics/resource from the latest stats sample. Serves a self-signed certificate (upstream's default without
/// --tls-cert-file) and admits only clients with a certificate from the cluster's client CA.
/// </summary>
internal sealed partial class KubeletServer : IAsyncDisposable
{
    private readonly IRuntimeService _runtime;
    private readonly KubeletServerOptions _options;
    private readonly ILogger<KubeletServer> _logger;
    private readonly ContainerLocator _locator;
    private readonly X509Certificate2Collection _clientCas = new();
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;
    private Task? _sampling;
    private volatile Summary? _latest;

    public KubeletServer(IRuntimeService runtime, KubeletServerOptions options, ILogger<KubeletServer> logger)
    {
        _runtime = runtime;
        _options = options;
        _logger = logger;
        _locator = new ContainerLocator(runtime);
        _clientCas.ImportFromPem(options.ClientCaPem);
    }

    /// <summary>The port actually listened on (useful with <see cref="KubeletServerOptions.Port"/> 0); set by <see cref="StartAsync"/>.</summary>
    public int Port { get; private set; }

    /// <summary>The self-signed serving certificate, created at start.</summary>
    public X509Certificate2? ServingCertificate { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ServingCertificate = CreateServingCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedServerLifetime>();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(_options.BindAddress, _options.Port, listen =>
            {
                // Upgrades (SPDY, websocket) need HTTP/1.1.
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(https =>
                {
                    https.ServerCertificate = ServingCertificate;
                    https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                    // Checked against the client CA per request, so that a missing certificate is a 401 rather than a TLS failure.
                    https.AllowAnyClientCertificate();
                });
            });
        });
        _app = builder.Build();
        _app.Run(HandleAsync);
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        Port = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        if (_options.Stats is { } stats)
        {
            _sampling = SampleStatsAsync(stats, _stopping.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_sampling is not null)
        {
            await _sampling.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stopping.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        ServingCertificate?.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        try
        {
            if (!IsAuthenticated(context.Connection.ClientCertificate))
            {
                await WriteTextAsync(context, 401, "Unauthorized").ConfigureAwait(false);
                return;
            }

            var parts = (context.Request.Path.Value ?? "/").Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries)
                .Select(Uri.UnescapeDataString).ToArray();
            switch (parts)
            {
                case ["healthz"]:
                    await WriteTextAsync(context, 200, "ok").ConfigureAwait(false);
                    return;
                case ["pods"] when _options.Pods is { } pods && HttpMethods.IsGet(context.Request.Method):
                    context.Response.StatusCode = 200;
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync(k8s.KubernetesJson.Serialize(new k8s.Models.V1PodList
                    {
                        ApiVersion = "v1", Kind = "PodList", Metadata = new k8s.Models.V1ListMeta(), Items = [.. pods()],
                    }), cancellationToken).ConfigureAwait(false);
                    return;
                case ["containerLogs", var ns, var pod, var container] when HttpMethods.IsGet(context.Request.Method):
                    await ServeLogsAsync(context, ns, pod, container, cancellationToken).ConfigureAwait(false);
                    return;
                case ["exec" or "attach", var ns, var pod, var container]:
                    await ServeExecOrAttachAsync(context, parts[0], ns, pod, null, container, cancellationToken).ConfigureAwait(false);
                    return;
                case ["exec" or "attach", var ns, var pod, var uid, var container]:
                    await ServeExecOrAttachAsync(context, parts[0], ns, pod, uid, container, cancellationToken).ConfigureAwait(false);
                    return;
                case ["stats", "summary"] when _options.Stats is not null && HttpMethods.IsGet(context.Request.Method):
                    {
                        var summary = await LatestSummaryAsync(_options.Stats, cancellationToken).ConfigureAwait(false);
                        context.Response.StatusCode = 200;
                        context.Response.ContentType = "application/json";
                        await context.Response.WriteAsync(SummaryJson.Serialize(summary), cancellationToken).ConfigureAwait(false);
                        return;
                    }

                case ["metrics", "resource"] when _options.Stats is not null && HttpMethods.IsGet(context.Request.Method):
                    {
                        var summary = await LatestSummaryAsync(_options.Stats, cancellationToken).ConfigureAwait(false);
                        context.Response.StatusCode = 200;
                        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
                        await context.Response.WriteAsync(ResourceMetricsText.Render(summary), cancellationToken).ConfigureAwait(false);
                        return;
                    }

                case ["portForward", var ns, var pod]:
                    await ServePortForwardAsync(context, ns, pod, null, cancellationToken).ConfigureAwait(false);
                    return;
                case ["portForward", var ns, var pod, var uid]:
                    await ServePortForwardAsync(context, ns, pod, uid, cancellationToken).ConfigureAwait(false);
                    return;
                default:
                    await WriteTextAsync(context, 404, "404 page not found").ConfigureAwait(false);
                    return;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client left.
        }
        catch (RpcException e) when (!context.Response.HasStarted)
        {
            await WriteTextAsync(context, e.StatusCode == StatusCode.NotFound ? 404 : 500, e.Status.Detail).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException && !context.Response.HasStarted)
        {
            LogStreamFailed(_logger, context.Request.Path, e);
            await WriteTextAsync(context, 502, e.Message).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Samples on a fixed period so that every cpu rate covers about one period, as cAdvisor's housekeeping does; requests
    /// read the latest sample instead of taking one, which would shrink the window to the time since the previous request.
    /// </summary>
    private async Task SampleStatsAsync(SummaryProvider stats, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.StatsInterval, _options.TimeProvider);
        try
        {
            do
            {
                try
                {
                    _latest = await stats.GetSummaryAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is RpcException or IOException)
                {
                    LogStatsFailed(_logger, e);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    private async Task<Summary> LatestSummaryAsync(SummaryProvider stats, CancellationToken cancellationToken) =>
        _latest ?? (_latest = await stats.GetSummaryAsync(cancellationToken).ConfigureAwait(false));

    private async Task ServeLogsAsync(HttpContext context, string ns, string pod, string container, CancellationToken cancellationToken)
    {
        ContainerLogOptions options;
        try
        {
            options = ContainerLogOptions.Parse(context.Request.Query);
        }
        catch (FormatException e)
        {
            await WriteTextAsync(context, 400, e.Message).ConfigureAwait(false);
            return;
        }

        var instances = await _locator.FindContainersAsync(ns, pod, null, container, cancellationToken).ConfigureAwait(false);
        var instance = options.Previous ? instances.Skip(1).FirstOrDefault() : instances.FirstOrDefault();
        if (instance is null)
        {
            var message = options.Previous
                ? $"previous terminated container \"{container}\" in pod \"{pod}\" not found"
                : $"container \"{container}\" in pod \"{pod}\" is waiting to start: ContainerCreating";
            await WriteTextAsync(context, options.Previous ? 404 : 400, message).ConfigureAwait(false);
            return;
        }

        var status = await _runtime.ContainerStatusAsync(instance.Id, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(status.LogPath) || !File.Exists(status.LogPath))
        {
            // Nothing logged yet (or the runtime keeps no file): an empty log, as upstream shows.
            context.Response.StatusCode = 200;
            context.Response.ContentType = "text/plain";
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/plain";
        await context.Response.StartAsync(cancellationToken).ConfigureAwait(false);
        var streamer = new ContainerLogStreamer(options, _options.TimeProvider, _options.LogPollInterval);
        await streamer.CopyAsync(status.LogPath, context.Response.Body, async ct =>
        {
            try
            {
                var now = await _runtime.ContainerStatusAsync(instance.Id, ct).ConfigureAwait(false);
                return now.State is ContainerState.ContainerRunning or ContainerState.ContainerCreated;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                return false;
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task ServeExecOrAttachAsync(HttpContext context, string kind, string ns, string pod, string? uid, string container,
        CancellationToken cancellationToken)
    {
        var instance = (await _locator.FindContainersAsync(ns, pod, uid, container, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(c => c.State == ContainerState.ContainerRunning);
        if (instance is null)
        {
            await WriteTextAsync(context, 404, $"container not found (\"{container}\")").ConfigureAwait(false);
            return;
        }

        var query = context.Request.Query;
        var tty = Flag(query, "tty");
        var stdin = Flag(query, "input");
        var stdout = Flag(query, "output");
        // A terminal merges stderr into stdout; the runtime refuses both at once.
        var stderr = Flag(query, "error") && !tty;
        string url;
        if (kind == "exec")
        {
            var request = new ExecRequest { ContainerId = instance.Id, Tty = tty, Stdin = stdin, Stdout = stdout, Stderr = stderr };
            request.Cmd.AddRange(query["command"].Select(c => c ?? ""));
            if (request.Cmd.Count == 0)
            {
                await WriteTextAsync(context, 400, "you must specify at least 1 command").ConfigureAwait(false);
                return;
            }

            url = await _runtime.ExecAsync(request, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            url = await _runtime.AttachAsync(new AttachRequest { ContainerId = instance.Id, Tty = tty, Stdin = stdin, Stdout = stdout, Stderr = stderr },
                cancellationToken).ConfigureAwait(false);
        }

        await ProxyToRuntimeAsync(context, url, cancellationToken).ConfigureAwait(false);
    }

    private async Task ServePortForwardAsync(HttpContext context, string ns, string pod, string? uid, CancellationToken cancellationToken)
    {
        var sandbox = await _locator.FindSandboxAsync(ns, pod, uid, cancellationToken).ConfigureAwait(false);
        if (sandbox is null)
        {
            await WriteTextAsync(context, 404, $"pod not found (\"{pod}_{ns}\")").ConfigureAwait(false);
            return;
        }

        var ports = context.Request.Query["port"].Concat(context.Request.Query["ports"])
            .SelectMany(p => (p ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
            .Select(p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0)
            .Where(p => p > 0)
            .ToList();
        var url = await _runtime.PortForwardAsync(sandbox.Id, ports, cancellationToken).ConfigureAwait(false);
        await ProxyToRuntimeAsync(context, url, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Upstream's kubelet proxies the upgraded connection to the runtime's URL (no redirect to the client).</summary>
    private async Task ProxyToRuntimeAsync(HttpContext context, string url, CancellationToken cancellationToken)
    {
        var target = new Uri(url);
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpUpgradeFeature>() is not { IsUpgradableRequest: true })
        {
            await WriteTextAsync(context, 400, "Upgrade request required").ConfigureAwait(false);
            return;
        }

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(target.Host, target.Port, cancellationToken).ConfigureAwait(false);
        await using var backend = tcp.GetStream();
        await UpgradeTunnel.ProxyAsync(context, backend, target.Authority, target.PathAndQuery, cancellationToken).ConfigureAwait(false);
    }

    private bool IsAuthenticated(X509Certificate2? certificate)
    {
        if (certificate is null)
        {
            return false;
        }

        var now = _options.TimeProvider.GetUtcNow();
        if (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_clientCas);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        return chain.Build(certificate);
    }

    /// <summary>A self-signed serving certificate for the host name and addresses, as upstream's kubelet makes without one configured.</summary>
    private X509Certificate2 CreateServingCertificate()
    {
        var now = _options.TimeProvider.GetUtcNow();
        var host = Dns.GetHostName();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(
            new X500DistinguishedName("CN=" + host + "@" + now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in _options.ServingSans.Append(host).Append("localhost").Append("127.0.0.1").Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (IPAddress.TryParse(name, out var ip))
            {
                san.AddIpAddress(ip);
            }
            else
            {
                san.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-1), now.AddYears(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    private static bool Flag(IQueryCollection query, string key) => query[key].ToString() is "1" or "true" or "True";

    private static async Task WriteTextAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(text + "\n", context.RequestAborted).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "sampling container stats failed")]
    private static partial void LogStatsFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "streaming request {Path} failed")]
    private static partial void LogStreamFailed(ILogger logger, PathString path, Exception exception);
}
