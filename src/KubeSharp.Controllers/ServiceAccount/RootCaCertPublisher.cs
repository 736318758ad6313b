using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Client;
using KubeSharp.Controllers.Common;
using KubeSharp.Controllers.Runtime;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.ServiceAccount;

/// <summary>
/// Upstream's root-ca-cert-publisher: every namespace has a ConfigMap "kube-root-ca.crt" whose "ca.crt" is the cluster CA, so
/// pods can verify the API server; it is recreated if deleted and restored if edited.
/// </summary>
internal sealed class RootCaCertPublisher : IController
{
    public const string ConfigMapName = "kube-root-ca.crt";
    public const string DataKey = "ca.crt";
    private const string DescriptionAnnotation = "kubernetes.io/description";
    private const string Description = "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the "
        + "internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.";

    private readonly ControllerContext _context;
    private readonly Indexer<V1Namespace> _namespaces;
    private readonly Indexer<V1ConfigMap> _configMaps;
    private readonly ILogger _logger;
    private readonly WorkQueue<string> _queue;

    public RootCaCertPublisher(ControllerContext context)
    {
        _context = context;
        _logger = context.Loggers.CreateLogger<RootCaCertPublisher>();
        _queue = new WorkQueue<string>(context.Time);
        var namespaces = context.Informers.Namespaces();
        var configMaps = context.Informers.ConfigMaps();
        _namespaces = namespaces.Indexer;
        _configMaps = configMaps.Indexer;
        namespaces.AddEventHandler(ns => _queue.Add(ns.Metadata.Name), (_, ns) => _queue.Add(ns.Metadata.Name), null);
        configMaps.AddEventHandler(null, (_, cm) => EnqueueIfPublished(cm), EnqueueIfPublished);
    }

    public string Name => "root-ca-cert-publisher";

    public Task RunAsync(CancellationToken cancellationToken) =>
        ControllerLoop.RunWorkersAsync(_queue, _context.Options.Workers, SyncAsync, _logger, cancellationToken);

    private void EnqueueIfPublished(V1ConfigMap cm)
    {
        if (cm.Metadata.Name == ConfigMapName)
        {
            _queue.Add(cm.Metadata.NamespaceProperty);
        }
    }

    private async Task SyncAsync(string ns, CancellationToken cancellationToken)
    {
        var pem = _context.Options.RootCaPem;
        if (pem.Length == 0 || _namespaces.GetByKey(ns) is not { } namespaceObject || namespaceObject.Metadata.DeletionTimestamp is not null)
        {
            return;
        }

        var existing = _configMaps.GetByKey($"{ns}/{ConfigMapName}");
        try
        {
            if (existing is null)
            {
                var created = new V1ConfigMap
                {
                    Metadata = new V1ObjectMeta { Name = ConfigMapName, Annotations = new Dictionary<string, string> { [DescriptionAnnotation] = Description } },
                    Data = new Dictionary<string, string> { [DataKey] = pem },
                };
                await _context.Client.CoreV1.CreateNamespacedConfigMapAsync(created, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
                return;
            }

            if (existing.Data is { Count: 1 } data && data.TryGetValue(DataKey, out var current) && current == pem
                && existing.Metadata.Annotations is { } annotations && annotations.TryGetValue(DescriptionAnnotation, out var description) && description == Description)
            {
                return;
            }

            // Rewrite data wholesale (upstream drops any other key) on a copy of the cached object; its resourceVersion makes a
            // stale write fail with a conflict, which requeues.
            var updated = KubernetesJson.Deserialize<V1ConfigMap>(KubernetesJson.Serialize(existing));
            updated.Data = new Dictionary<string, string> { [DataKey] = pem };
            updated.BinaryData = null;
            updated.Metadata.Annotations ??= new Dictionary<string, string>();
            updated.Metadata.Annotations[DescriptionAnnotation] = Description;
            await _context.Client.CoreV1.ReplaceNamespacedConfigMapAsync(updated, ConfigMapName, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound || ApiErrors.IsNamespaceTerminating(e))
        {
            // The namespace went away or started terminating; nothing to publish there.
        }
    }
}
