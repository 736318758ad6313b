using System.Globalization;
using System.Text.Json.Nodes;
using static KubeSharp.ApiServer.Printers.JsonFields;

namespace KubeSharp.ApiServer.Printers;

/// <summary>`kubectl get pods`: READY, the aggregate STATUS reason and RESTARTS as upstream's printPod computes them.</summary>
internal static class PodPrinter
{
    public static ITablePrinter Printer { get; } = new TablePrinter(
    [
        PrinterColumns.Name,
        PrinterColumns.S("Ready", "The aggregate readiness state of this pod for accepting traffic."),
        PrinterColumns.S("Status", "The aggregate status of the containers in this pod."),
        PrinterColumns.S("Restarts", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
        PrinterColumns.Age,
        PrinterColumns.S("IP", "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.", 1),
        PrinterColumns.S("Node", "NodeName indicates in which node this pod is scheduled.", 1),
        PrinterColumns.S("Nominated Node", "nominatedNodeName is set only when this pod preempts other pods on the node.", 1),
        PrinterColumns.S("Readiness Gates", "If specified, all readiness gates will be evaluated for pod readiness.", 1),
    ], Cells);

    private static object?[] Cells(JsonObject pod, DateTimeOffset now)
    {
        var status = At(pod, "status");
        var spec = At(pod, "spec");
        var restarts = 0L;
        var restartableInitRestarts = 0L;
        var totalContainers = Count(spec, "containers");
        var readyContainers = 0;
        DateTimeOffset? lastRestart = null;
        DateTimeOffset? lastRestartableInitRestart = null;

        var phase = Str(status, "phase");
        var reason = Str(status, "reason") is { Length: > 0 } statusReason ? statusReason : phase;

        foreach (var condition in Objects(status, "conditions"))
        {
            if (Str(condition, "type") == "PodScheduled" && Str(condition, "reason") == "SchedulingGated")
            {
                reason = "SchedulingGated";
            }
        }

        var initContainers = Objects(spec, "initContainers").ToList();
        var restartable = new HashSet<string>(initContainers.Where(IsRestartable).Select(c => Str(c, "name")), StringComparer.Ordinal);
        totalContainers += restartable.Count;

        var initializing = false;
        var index = 0;
        foreach (var container in Objects(status, "initContainerStatuses"))
        {
            var i = index++;
            restarts += Long(container, "restartCount");
            var finishedAt = Time(container, "lastState", "terminated", "finishedAt");
            lastRestart = Latest(lastRestart, finishedAt);
            var isRestartable = restartable.Contains(Str(container, "name"));
            if (isRestartable)
            {
                restartableInitRestarts += Long(container, "restartCount");
                lastRestartableInitRestart = Latest(lastRestartableInitRestart, finishedAt);
            }

            var terminated = At(container, "state", "terminated");
            var waitingReason = Str(container, "state", "waiting", "reason");
            if (terminated is not null && Long(terminated, "exitCode") == 0)
            {
                continue;
            }

            if (isRestartable && Bool(container, "started"))
            {
                if (Bool(container, "ready"))
                {
                    readyContainers++;
                }

                continue;
            }

            if (terminated is not null)
            {
                reason = Str(terminated, "reason") is { Length: > 0 } r ? "Init:" + r
                    : Long(terminated, "signal") != 0 ? "Init:Signal:" + I(Long(terminated, "signal"))
                    : "Init:ExitCode:" + I(Long(terminated, "exitCode"));
            }
            else if (waitingReason.Length > 0 && waitingReason != "PodInitializing")
            {
                reason = "Init:" + waitingReason;
            }
            else
            {
                reason = "Init:" + I(i) + "/" + I(initContainers.Count);
            }

            initializing = true;
            break;
        }

        if (!initializing || HasCondition(status, "Initialized"))
        {
            restarts = restartableInitRestarts;
            lastRestart = lastRestartableInitRestart;
            var hasRunning = false;
            var statuses = Objects(status, "containerStatuses").ToList();
            for (var i = statuses.Count - 1; i >= 0; i--)
            {
                var container = statuses[i];
                restarts += Long(container, "restartCount");
                lastRestart = Latest(lastRestart, Time(container, "lastState", "terminated", "finishedAt"));
                var terminated = At(container, "state", "terminated");
                if (Str(container, "state", "waiting", "reason") is { Length: > 0 } waiting)
                {
                    reason = waiting;
                }
                else if (terminated is not null && Str(terminated, "reason") is { Length: > 0 } terminatedReason)
                {
                    reason = terminatedReason;
                }
                else if (terminated is not null)
                {
                    reason = Long(terminated, "signal") != 0 ? "Signal:" + I(Long(terminated, "signal")) : "ExitCode:" + I(Long(terminated, "exitCode"));
                }
                else if (Bool(container, "ready") && Has(container, "state", "running"))
                {
                    hasRunning = true;
                    readyContainers++;
                }
            }

            // A pod whose last container reported Completed while another still runs is not done.
            if (reason == "Completed" && hasRunning)
            {
                reason = HasCondition(status, "Ready") ? "Running" : "NotReady";
            }
        }

        var deleting = Has(pod, "metadata", "deletionTimestamp");
        if (deleting && Str(status, "reason") == "NodeLost")
        {
            reason = "Unknown";
        }
        else if (deleting && phase is not ("Succeeded" or "Failed"))
        {
            reason = "Terminating";
        }

        var restartsText = I(restarts);
        if (restarts != 0 && lastRestart is { } last)
        {
            restartsText += " (" + Since(last, now) + " ago)";
        }

        // v1 to internal conversion fills podIPs from podIP when only the latter is set.
        var firstIP = Objects(status, "podIPs").Select(p => Str(p, "ip")).FirstOrDefault() ?? Str(status, "podIP");
        var podIP = firstIP.Length > 0 ? firstIP : "<none>";
        var nodeName = Str(spec, "nodeName") is { Length: > 0 } node ? node : "<none>";
        var nominated = Str(status, "nominatedNodeName") is { Length: > 0 } n ? n : "<none>";
        var readinessGates = "<none>";
        var gates = Objects(spec, "readinessGates").ToList();
        if (gates.Count > 0)
        {
            var conditions = Objects(status, "conditions").ToList();
            var trueConditions = gates.Count(g =>
                conditions.FirstOrDefault(c => Str(c, "type") == Str(g, "conditionType")) is { } c && Str(c, "status") == "True");
            readinessGates = I(trueConditions) + "/" + I(gates.Count);
        }

        return [NameOf(pod), I(readyContainers) + "/" + I(totalContainers), reason, restartsText, AgeOf(pod, now), podIP, nodeName, nominated, readinessGates];
    }

    private static bool IsRestartable(JsonObject container) => Str(container, "restartPolicy") == "Always";

    private static bool HasCondition(JsonNode? status, string type) =>
        Objects(status, "conditions").Any(c => Str(c, "type") == type && Str(c, "status") == "True");

    private static DateTimeOffset? Latest(DateTimeOffset? current, DateTimeOffset? candidate) =>
        candidate is { } c && (current is null || current < c) ? c : current;

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);
}
