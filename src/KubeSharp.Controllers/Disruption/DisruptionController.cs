using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Client;
using KubeSharp.Controllers.Runtime;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.Disruption;

/// <summary>
/// Keeps every PodDisruptionBudget's status in step with the pods it selects (upstream's pkg/controller/disruption):
/// expected and healthy pods, how many may be disrupted now, and the evictions the API server approved that have not
/// happened yet. The eviction subresource reads this status to allow or refuse evictions.
/// </summary>
internal sealed class DisruptionController : IController
{
    private readonly ControllerContext _context;
    private readonly SharedInformer<V1Pod> _pods;
    private readonly SharedInformer<V1PodDisruptionBudget> _budgets;
    private readonly ControllerScaleFinder _finder;
    private readonly WorkQueue<string> _queue;
    private readonly ILogger _logger;

    public DisruptionController(ControllerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _logger = context.Loggers.CreateLogger<DisruptionController>();
        _queue = new WorkQueue<string>(context.Time);
        var informers = context.Informers;
        _pods = informers.Pods();
        _budgets = informers.PodDisruptionBudgets();
        _finder = new ControllerScaleFinder(informers.ReplicaSets().Indexer, informers.Deployments().Indexer, informers.StatefulSets().Indexer,
            informers.For<V1ReplicationController, V1ReplicationControllerList>("", "v1", "replicationcontrollers").Indexer);
        _budgets.AddEventHandler(Enqueue, (_, cur) => Enqueue(cur), Enqueue);
        _pods.AddEventHandler(EnqueueBudgetsOf, (old, cur) =>
        {
            EnqueueBudgetsOf(cur);
            if (!SameLabels(old, cur))
            {
                EnqueueBudgetsOf(old);
            }
        }, EnqueueBudgetsOf);
    }

    public string Name => "disruption";

    public Task RunAsync(CancellationToken cancellationToken) =>
        ControllerLoop.RunWorkersAsync(_queue, _context.Options.Workers, SyncAsync, _logger, cancellationToken);

    internal async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var pdb = _budgets.Indexer.GetByKey(key);
        if (pdb is null)
        {
            return;
        }

        try
        {
            await TrySyncAsync(key, pdb, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.Conflict)
        {
            // A newer budget is on its way through the informer: retry without declaring the sync failed.
            throw;
        }
        catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            DisruptionControllerLog.SyncFailed(_logger, key, e);
            await UpdateStatusAsync(pdb, BudgetCalculator.FailSafe(pdb, e.Message, _context.Time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task TrySyncAsync(string key, V1PodDisruptionBudget pdb, CancellationToken cancellationToken)
    {
        var selector = BudgetCalculator.SelectorOf(pdb);
        var ns = pdb.Metadata.NamespaceProperty ?? "";
        var pods = _pods.Indexer.ByIndex(Indexes.Namespace, ns)
            .Where(p => !selector.IsNothing && selector.Matches(LabelsOf(p)))
            .OrderBy(p => p.Metadata?.Name, StringComparer.Ordinal)
            .ToList();
        if (pods.Count == 0)
        {
            _context.Events.Event(pdb, EventRecorder.Normal, "NoPods", "No matching pods found");
        }

        ExpectedPods expected;
        try
        {
            expected = BudgetCalculator.ExpectedPodCount(pdb, pods, _finder.Find);
        }
        catch (InvalidOperationException e)
        {
            _context.Events.Event(pdb, EventRecorder.Warning, "CalculateExpectedPodCountFailed", $"Failed to calculate the number of expected pods: {e.Message}");
            throw;
        }

        if (expected.UnmanagedPods.Count > 0)
        {
            DisruptionControllerLog.UnmanagedPods(_logger, key, string.Join(", ", expected.UnmanagedPods));
            _context.Events.Event(pdb, EventRecorder.Warning, "UnmanagedPods",
                $"Pods selected by this PodDisruptionBudget (selector: {selector}) were found to be unmanaged. As a result, the status of the PDB " +
                "cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set \".spec.minAvailable\" " +
                "field of the PDB to an integer value.");
        }

        var now = _context.Time.GetUtcNow();
        var disrupted = BudgetCalculator.BuildDisruptedPodMap(pdb, pods, now);
        foreach (var name in disrupted.NotDeleted)
        {
            DisruptionControllerLog.NotDeleted(_logger, name, key);
            if (pods.FirstOrDefault(p => p.Metadata?.Name == name) is { } pod)
            {
                _context.Events.Event(pod, EventRecorder.Warning, "NotDeleted", $"Pod was expected by PDB {key} to be deleted but it wasn't");
            }
        }

        var healthy = BudgetCalculator.CountHealthyPods(pods, disrupted.Pending, now);
        if (BudgetCalculator.NewStatus(pdb, healthy, expected, disrupted.Pending, now) is { } status)
        {
            await UpdateStatusAsync(pdb, status, cancellationToken).ConfigureAwait(false);
        }

        if (disrupted.RecheckAt is { } recheck)
        {
            // An approved eviction that has not happened by then stops counting against the budget.
            _queue.AddAfter(key, recheck - now);
        }
    }

    private async Task UpdateStatusAsync(V1PodDisruptionBudget pdb, V1PodDisruptionBudgetStatus status, CancellationToken cancellationToken)
    {
        var updated = new V1PodDisruptionBudget
        {
            ApiVersion = "policy/v1",
            Kind = "PodDisruptionBudget",
            Metadata = pdb.Metadata,
            Spec = pdb.Spec,
            Status = status,
        };
        await _context.Client.PolicyV1.ReplaceNamespacedPodDisruptionBudgetStatusAsync(updated, pdb.Metadata.Name, pdb.Metadata.NamespaceProperty,
            cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private void Enqueue(V1PodDisruptionBudget pdb) => _queue.Add(Keys.For(pdb));

    /// <summary>Every budget in the pod's namespace whose selector matches it (upstream picks one; all is as correct and simpler).</summary>
    private void EnqueueBudgetsOf(V1Pod pod)
    {
        var labels = LabelsOf(pod);
        foreach (var pdb in _budgets.Indexer.ByIndex(Indexes.Namespace, pod.Metadata?.NamespaceProperty ?? ""))
        {
            var selector = BudgetCalculator.SelectorOf(pdb);
            if (!selector.IsNothing && selector.Matches(labels))
            {
                Enqueue(pdb);
            }
        }
    }

    private static bool SameLabels(V1Pod a, V1Pod b)
    {
        var x = a.Metadata?.Labels ?? new Dictionary<string, string>();
        var y = b.Metadata?.Labels ?? new Dictionary<string, string>();
        return x.Count == y.Count && x.All(kv => y.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }

    private static IReadOnlyDictionary<string, string> LabelsOf(V1Pod pod) => pod.Metadata?.Labels switch
    {
        null => new Dictionary<string, string>(),
        IReadOnlyDictionary<string, string> labels => labels,
        var labels => new Dictionary<string, string>(labels, StringComparer.Ordinal),
    };
}
