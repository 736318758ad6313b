using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Client;
using KubeSharp.Controllers.Common;
using KubeSharp.Controllers.Runtime;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.ServiceAccount;

/// <summary>Upstream's serviceaccount controller: every active namespace has a "default" ServiceAccount, recreated if deleted.</summary>
internal sealed class ServiceAccountsController : IController
{
    private static readonly string[] ServiceAccountsToEnsure = ["default"];

    private readonly ControllerContext _context;
    private readonly Indexer<V1Namespace> _namespaces;
    private readonly Indexer<V1ServiceAccount> _serviceAccounts;
    private readonly ILogger _logger;
    private readonly WorkQueue<string> _queue;

    public ServiceAccountsController(ControllerContext context)
    {
        _context = context;
        _logger = context.Loggers.CreateLogger<ServiceAccountsController>();
        _queue = new WorkQueue<string>(context.Time);
        var namespaces = context.Informers.Namespaces();
        var serviceAccounts = context.Informers.ServiceAccounts();
        _namespaces = namespaces.Indexer;
        _serviceAccounts = serviceAccounts.Indexer;
        namespaces.AddEventHandler(ns => _queue.Add(ns.Metadata.Name), (_, ns) => _queue.Add(ns.Metadata.Name), null);
        serviceAccounts.AddEventHandler(null, null, sa => _queue.Add(sa.Metadata.NamespaceProperty));
    }

    public string Name => "serviceaccount";

    public Task RunAsync(CancellationToken cancellationToken) =>
        ControllerLoop.RunWorkersAsync(_queue, _context.Options.Workers, SyncAsync, _logger, cancellationToken);

    private async Task SyncAsync(string ns, CancellationToken cancellationToken)
    {
        if (_namespaces.GetByKey(ns) is not { } namespaceObject || namespaceObject.Status?.Phase is not (null or "Active")
            || namespaceObject.Metadata.DeletionTimestamp is not null)
        {
            return;
        }

        foreach (var name in ServiceAccountsToEnsure)
        {
            if (_serviceAccounts.GetByKey($"{ns}/{name}") is not null)
            {
                continue;
            }

            try
            {
                await _context.Client.CoreV1.CreateNamespacedServiceAccountAsync(
                    new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = name } }, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Conflict || ApiErrors.IsNamespaceTerminating(e))
            {
                // Already there (our cache lags), or the namespace started terminating meanwhile.
            }
        }
    }
}
