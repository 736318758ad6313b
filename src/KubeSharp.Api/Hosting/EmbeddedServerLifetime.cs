using Microsoft.Extensions.Hosting;

namespace KubeSharp.Api.Hosting;

/// <summary>
/// The lifetime of a web server embedded in a larger process (the API server, the kubelet's server): it installs no
/// SIGTERM/SIGINT handlers, unlike ASP.NET Core's default console lifetime, whose handler swallows the signal and stops
/// only its own server. The process owns the signals and stops its components in order.
/// </summary>
public sealed class EmbeddedServerLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
