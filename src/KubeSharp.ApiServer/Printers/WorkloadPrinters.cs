using System.Globalization;
using System.Text.Json.Nodes;
using static KubeSharp.ApiServer.Printers.JsonFields;
using static KubeSharp.ApiServer.Printers.PrinterColumns;

namespace KubeSharp.ApiServer.Printers;

/// <summary>Printers for workload controllers: deployments, replica sets, stateful sets, daemon sets, jobs and their kin.</summary>
internal static class WorkloadPrinters
{
    public static void Register(IDictionary<string, ITablePrinter> printers)
    {
        printers["deployments.apps"] = new TablePrinter(
        [
            Name, S("Ready", "Number of the pod with ready state"),
            S("Up-to-date", "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
            S("Available", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
            Age, Containers, Images, Selector,
        ], (o, now) =>
        {
            var (names, images) = ContainerCells(At(o, "spec", "template", "spec", "containers"));
            return [NameOf(o), Ratio(Long(o, "status", "readyReplicas"), Long(o, "spec", "replicas")), Long(o, "status", "updatedReplicas"),
                Long(o, "status", "availableReplicas"), AgeOf(o, now), names, images, LabelFormat.SelectorString(At(o, "spec", "selector"))];
        });

        printers["replicasets.apps"] = new TablePrinter(ReplicaColumns(), (o, now) =>
        {
            var (names, images) = ContainerCells(At(o, "spec", "template", "spec", "containers"));
            return [NameOf(o), Long(o, "spec", "replicas"), Long(o, "status", "replicas"), Long(o, "status", "readyReplicas"), AgeOf(o, now),
                names, images, LabelFormat.Selector(At(o, "spec", "selector"))];
        });

        printers["replicationcontrollers"] = new TablePrinter(ReplicaColumns(), (o, now) =>
        {
            var (names, images) = ContainerCells(At(o, "spec", "template", "spec", "containers"));
            return [NameOf(o), Long(o, "spec", "replicas"), Long(o, "status", "replicas"), Long(o, "status", "readyReplicas"), AgeOf(o, now),
                names, images, LabelFormat.Labels(At(o, "spec", "selector"))];
        });

        printers["statefulsets.apps"] = new TablePrinter(
            [Name, S("Ready", "Number of the pod with ready state"), Age, Containers, Images], (o, now) =>
            {
                var (names, images) = ContainerCells(At(o, "spec", "template", "spec", "containers"));
                return [NameOf(o), Ratio(Long(o, "status", "readyReplicas"), Long(o, "spec", "replicas")), AgeOf(o, now), names, images];
            });

        printers["daemonsets.apps"] = new TablePrinter(
        [
            Name, Int("Desired", "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod)."),
            Int("Current", "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod."),
            Int("Ready", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready."),
            Int("Up-to-date", "The total number of nodes that are running updated daemon pod"),
            Int("Available", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)"),
            S("Node Selector", "NodeSelector is a selector which must be true for the pod to fit on a node."),
            Age, Containers, Images, Selector,
        ], (o, now) =>
        {
            var (names, images) = ContainerCells(At(o, "spec", "template", "spec", "containers"));
            return [NameOf(o), Long(o, "status", "desiredNumberScheduled"), Long(o, "status", "currentNumberScheduled"), Long(o, "status", "numberReady"),
                Long(o, "status", "updatedNumberScheduled"), Long(o, "status", "numberAvailable"),
                LabelFormat.Labels(At(o, "spec", "template", "spec", "nodeSelector")), AgeOf(o, now), names, images,
                LabelFormat.Selector(At(o, "spec", "selector"))];
        });

        printers["jobs.batch"] = new TablePrinter(
        [
            Name, S("Status", "Status of the job."), S("Completions", "The number of pods which reached phase Succeeded."),
            S("Duration", "Time required to complete the job."), Age, Containers, Images, Selector,
        ], JobCells);

        printers["cronjobs.batch"] = new TablePrinter(
        [
            Name, S("Schedule", "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron."),
            S("Timezone", "The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones."),
            Bool("Suspend", "This flag tells the controller to suspend subsequent executions, it does not apply to already started executions."),
            Int("Active", "A list of pointers to currently running jobs."),
            S("Last Schedule", "Information when was the last time the job was successfully scheduled."),
            Age, Containers, Images, Selector,
        ], (o, now) =>
        {
            var lastSchedule = Time(o, "status", "lastScheduleTime") is { } t ? Since(t, now) : "<none>";
            var (names, images) = ContainerCells(At(o, "spec", "jobTemplate", "spec", "template", "spec", "containers"));
            return [NameOf(o), Str(o, "spec", "schedule"), StrOrNull(o, "spec", "timeZone") ?? "<none>", BoolPtr(BoolOrNull(o, "spec", "suspend")),
                (long)Count(o, "status", "active"), lastSchedule, AgeOf(o, now), names, images,
                LabelFormat.Selector(At(o, "spec", "jobTemplate", "spec", "selector"))];
        });

        printers["controllerrevisions.apps"] = new TablePrinter(
            [Name, S("Controller", "Controller of the object"), S("Revision", "Revision indicates the revision of the state represented by Data."), Age],
            (o, now) =>
            {
                var controller = "<none>";
                if (Objects(o, "metadata", "ownerReferences").FirstOrDefault(r => Bool(r, "controller")) is { } owner)
                {
                    var apiVersion = Str(owner, "apiVersion");
                    var group = apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : "";
                    var kind = Str(owner, "kind");
                    var groupKind = group.Length == 0 ? kind : kind + "." + group;
                    controller = groupKind.Length == 0 ? Str(owner, "name") : groupKind.ToLowerInvariant() + "/" + Str(owner, "name");
                }

                return [NameOf(o), controller, Long(o, "revision"), AgeOf(o, now)];
            });

        printers["podtemplates"] = new TablePrinter(
            [Name, S("Containers", "Names of each container in the template."), S("Images", "Images referenced by each container in the template."),
                S("Pod Labels", "The labels for the pod template.")],
            (o, _) =>
            {
                var (names, images) = ContainerCells(At(o, "template", "spec", "containers"));
                return [NameOf(o), names, images, LabelFormat.Labels(At(o, "template", "metadata", "labels"))];
            });

        printers["poddisruptionbudgets.policy"] = new TablePrinter(
        [
            Name, S("Min Available", "The minimum number of pods that must be available."),
            S("Max Unavailable", "The maximum number of pods that may be unavailable."),
            Int("Allowed Disruptions", "Calculated number of pods that may be disrupted at this time."), Age,
        ], (o, now) =>
        [
            NameOf(o), Has(o, "spec", "minAvailable") ? IntOrString(At(o, "spec", "minAvailable")) : "N/A",
            Has(o, "spec", "maxUnavailable") ? IntOrString(At(o, "spec", "maxUnavailable")) : "N/A",
            Long(o, "status", "disruptionsAllowed"), AgeOf(o, now),
        ]);

        printers["horizontalpodautoscalers.autoscaling"] = new TablePrinter(
        [
            Name, S("Reference", "scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count."),
            S("Targets", "metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used)."),
            S("MinPods", "minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down."),
            S("MaxPods", "maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up. It cannot be less that minReplicas."),
            S("Replicas", "currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler."), Age,
        ], (o, now) =>
        [
            NameOf(o), Str(o, "spec", "scaleTargetRef", "kind") + "/" + Str(o, "spec", "scaleTargetRef", "name"), HpaMetrics.Format(o),
            LongOrNull(o, "spec", "minReplicas") is { } min ? min.ToString(CultureInfo.InvariantCulture) : "<unset>",
            Long(o, "spec", "maxReplicas"), Long(o, "status", "currentReplicas"), AgeOf(o, now),
        ]);
    }

    /// <summary>layoutContainerCells: container names and images, each comma-joined.</summary>
    public static (string Names, string Images) ContainerCells(JsonNode? containers)
    {
        var list = containers is JsonArray a ? a.OfType<JsonObject>().ToList() : [];
        return (string.Join(",", list.Select(c => Str(c, "name"))), string.Join(",", list.Select(c => Str(c, "image"))));
    }

    private static TableColumn[] ReplicaColumns() =>
    [
        Name, Int("Desired", "Replicas is the number of desired replicas."),
        Int("Current", "Replicas is the most recently observed number of replicas."),
        Int("Ready", "The number of ready replicas for this replica set."), Age, Containers, Images, Selector,
    ];

    private static object?[] JobCells(JsonObject o, DateTimeOffset now)
    {
        var succeeded = Long(o, "status", "succeeded");
        string completions;
        if (LongOrNull(o, "spec", "completions") is { } wanted)
        {
            completions = I(succeeded) + "/" + I(wanted);
        }
        else
        {
            var parallelism = Long(o, "spec", "parallelism");
            completions = parallelism > 1 ? I(succeeded) + "/1 of " + I(parallelism) : I(succeeded) + "/1";
        }

        var start = Time(o, "status", "startTime");
        var completion = Time(o, "status", "completionTime");
        var duration = start is null ? "" : HumanDuration.Format((completion ?? now) - start.Value);

        string status;
        if (ConditionTrue(o, "Complete"))
        {
            status = "Complete";
        }
        else if (ConditionTrue(o, "Failed"))
        {
            status = "Failed";
        }
        else if (Has(o, "metadata", "deletionTimestamp"))
        {
            status = "Terminating";
        }
        else if (ConditionTrue(o, "Suspended"))
        {
            status = "Suspended";
        }
        else if (ConditionTrue(o, "FailureTarget"))
        {
            status = "FailureTarget";
        }
        else
        {
            status = "Running";
        }

        var (names, images) = ContainerCells(At(o, "spec", "template", "spec", "containers"));
        return [NameOf(o), status, completions, duration, AgeOf(o, now), names, images, LabelFormat.Selector(At(o, "spec", "selector"))];
    }

    /// <summary>hasJobCondition: the first condition of the type decides.</summary>
    private static bool ConditionTrue(JsonObject job, string type) =>
        Objects(job, "status", "conditions").FirstOrDefault(c => Str(c, "type") == type) is { } c && Str(c, "status") == "True";

    private static string Ratio(long a, long b) => I(a) + "/" + I(b);

    private static string BoolPtr(bool? value) => value switch
    {
        true => "True",
        false => "False",
        null => "<unset>",
    };

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);
}
