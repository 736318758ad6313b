using System.Net;
using System.Reflection;
using KubeSharp.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Client.Tests.Integration;

/// <summary>
/// Starts the internal KubeSharp.ApiServer.ApiServerHost through reflection: the ApiServer project grants InternalsVisibleTo only to
/// its own tests, and this project may not edit it. Once it lists KubeSharp.Client.Tests, this can call ApiServerHost directly.
/// </summary>
internal sealed class InProcessApiServer : IAsyncDisposable
{
    private static readonly Assembly ApiServer = Assembly.Load("KubeSharp.ApiServer");
    private readonly object _host;

    private InProcessApiServer(object host) => _host = host;

    public IStore Store => (IStore)Property("Store");

    public string AdminKubeconfig() => (string)_host.GetType().GetMethod("AdminKubeconfig")!.Invoke(_host, null)!;

    public static async Task<InProcessApiServer> StartAsync(string dataDir, CancellationToken cancellationToken)
    {
        var optionsType = ApiServer.GetType("KubeSharp.ApiServer.ApiServerOptions", throwOnError: true)!;
        var hostType = ApiServer.GetType("KubeSharp.ApiServer.ApiServerHost", throwOnError: true)!;
        var options = Activator.CreateInstance(optionsType)!;
        optionsType.GetProperty("DataDir")!.SetValue(options, dataDir);
        optionsType.GetProperty("HttpsPort")!.SetValue(options, 0);
        optionsType.GetProperty("BindAddress")!.SetValue(options, IPAddress.Loopback);
        var start = hostType.GetMethod("StartAsync", BindingFlags.Public | BindingFlags.Static)!;
        var task = (Task)start.Invoke(null, [options, NullLoggerFactory.Instance, TimeProvider.System, cancellationToken])!;
        await task;
        return new InProcessApiServer(task.GetType().GetProperty("Result")!.GetValue(task)!);
    }

    public ValueTask DisposeAsync() => ((IAsyncDisposable)_host).DisposeAsync();

    private object Property(string name) => _host.GetType().GetProperty(name)!.GetValue(_host)!;
}
