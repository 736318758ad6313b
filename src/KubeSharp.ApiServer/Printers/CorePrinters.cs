using System.Globalization;
using System.Text.Json.Nodes;
using static KubeSharp.ApiServer.Printers.JsonFields;
using static KubeSharp.ApiServer.Printers.PrinterColumns;

namespace KubeSharp.ApiServer.Printers;

/// <summary>Printers for core/v1 resources other than pods.</summary>
internal static class CorePrinters
{
    public static void Register(IDictionary<string, ITablePrinter> printers)
    {
        printers["services"] = new TablePrinter(
        [
            Name, S("Type", "type determines how the Service is exposed."),
            S("Cluster-IP", "clusterIP is the IP address of the service and is usually assigned randomly."),
            S("External-IP", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."),
            S("Port(s)", "The list of ports that are exposed by this service."), Age,
            S("Selector", "Route service traffic to pods with label keys and values matching this selector.", 1),
        ], (o, now) =>
        {
            // v1 to internal conversion fills clusterIPs from clusterIP.
            var clusterIP = Strings(o, "spec", "clusterIPs").FirstOrDefault() ?? Str(o, "spec", "clusterIP");
            var ports = ServicePorts(o);
            return [NameOf(o), Str(o, "spec", "type"), clusterIP.Length > 0 ? clusterIP : "<none>", ServiceExternalIP(o),
                ports.Length > 0 ? ports : "<none>", AgeOf(o, now), LabelFormat.Labels(At(o, "spec", "selector"))];
        });

        printers["endpoints"] = new TablePrinter(
            [Name, S("Endpoints", "The set of all endpoints is the union of all subsets."), Age],
            (o, now) => [NameOf(o), FormatEndpoints(o), AgeOf(o, now)]);

        printers["nodes"] = new TablePrinter(
        [
            Name, S("Status", "The status of the node"), S("Roles", "The roles of the node"), Age,
            S("Version", "Kubelet Version reported by the node."),
            S("Internal-IP", "List of addresses reachable to the node.", 1), S("External-IP", "List of addresses reachable to the node.", 1),
            S("OS-Image", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", 1),
            S("Kernel-Version", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
            S("Container-Runtime", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).", 1),
        ], NodeCells);

        printers["namespaces"] = new TablePrinter([Name, S("Status", "The status of the namespace"), Age],
            (o, now) => [NameOf(o), Str(o, "status", "phase"), AgeOf(o, now)]);

        printers["configmaps"] = new TablePrinter([Name, S("Data", "Data contains the configuration data."), Age],
            (o, now) => [NameOf(o), (long)(Count(o, "data") + Count(o, "binaryData")), AgeOf(o, now)]);

        printers["secrets"] = new TablePrinter(
            [Name, S("Type", "Used to facilitate programmatic handling of secret data."), S("Data", "Data contains the secret data."), Age],
            (o, now) => [NameOf(o), Str(o, "type"), (long)Count(o, "data"), AgeOf(o, now)]);

        printers["serviceaccounts"] = new TablePrinter(
            [Name, S("Secrets", "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use."), Age],
            (o, now) => [NameOf(o), (long)Count(o, "secrets"), AgeOf(o, now)]);

        printers["persistentvolumes"] = new TablePrinter(
        [
            Name, S("Capacity", "capacity is the description of the persistent volume's resources and capacity."),
            S("Access Modes", "accessModes contains all ways the volume can be mounted."),
            S("Reclaim Policy", "persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim."),
            S("Status", "phase indicates if a volume is available, bound to a claim, or released by a claim."),
            S("Claim", "claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim."),
            S("StorageClass", "StorageClass of the pv"), S("VolumeAttributesClass", "VolumeAttributesClass of the pv"),
            S("Reason", "reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI."),
            Age, S("VolumeMode", "volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.", 1),
        ], (o, now) =>
        {
            var claim = Has(o, "spec", "claimRef") ? Str(o, "spec", "claimRef", "namespace") + "/" + Str(o, "spec", "claimRef", "name") : "";
            var phase = Has(o, "metadata", "deletionTimestamp") ? "Terminating" : Str(o, "status", "phase");
            return [NameOf(o), Quantity(o, "spec", "capacity", "storage"), AccessModes(o, "spec", "accessModes"),
                Str(o, "spec", "persistentVolumeReclaimPolicy"), phase, claim, StorageClass(o),
                StrOrNull(o, "spec", "volumeAttributesClassName") ?? "<unset>", Str(o, "status", "reason"), AgeOf(o, now),
                StrOrNull(o, "spec", "volumeMode") ?? "<unset>"];
        });

        printers["persistentvolumeclaims"] = new TablePrinter(
        [
            Name, S("Status", "phase represents the current phase of PersistentVolumeClaim."),
            S("Volume", "volumeName is the binding reference to the PersistentVolume backing this claim."),
            S("Capacity", "capacity represents the actual resources of the underlying volume."),
            S("Access Modes", "accessModes contains the actual access modes the volume backing the PVC has."),
            S("StorageClass", "StorageClass of the pvc"), S("VolumeAttributesClass", "VolumeAttributesClass of the pvc"), Age,
            S("VolumeMode", "volumeMode defines what type of volume is required by the claim.", 1),
        ], (o, now) =>
        {
            var phase = Has(o, "metadata", "deletionTimestamp") ? "Terminating" : Str(o, "status", "phase");
            var volumeName = Str(o, "spec", "volumeName");
            var bound = volumeName.Length > 0;
            return [NameOf(o), phase, volumeName, bound ? Quantity(o, "status", "capacity", "storage") : "",
                bound ? AccessModes(o, "status", "accessModes") : "", StorageClass(o),
                StrOrNull(o, "spec", "volumeAttributesClassName") ?? "<unset>", AgeOf(o, now), StrOrNull(o, "spec", "volumeMode") ?? "<unset>"];
        });

        printers["resourcequotas"] = new TablePrinter(
        [
            Name, S("Request", "Request represents a minimum amount of cpu/memory that a container may consume."),
            S("Limit", "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node."), Age,
        ], (o, now) =>
        {
            var requests = new List<string>();
            var limits = new List<string>();
            var hard = At(o, "status", "hard") as JsonObject;
            foreach (var resource in (hard?.Select(kv => kv.Key) ?? []).Order(StringComparer.Ordinal))
            {
                var text = resource + ": " + Quantity(o, "status", "used", resource) + "/" + Quantity(o, "status", "hard", resource);
                var pieces = resource.Split('.');
                (pieces.Length > 1 && pieces[0] == "limits" ? limits : requests).Add(text);
            }

            return [NameOf(o), string.Join(", ", requests), string.Join(", ", limits), AgeOf(o, now)];
        });

        printers["componentstatuses"] = new TablePrinter(
        [
            Name, S("Status", "Status of the component conditions"), S("Message", "Message of the component conditions"),
            S("Error", "Error of the component conditions"),
        ], (o, _) =>
        {
            var healthy = Objects(o, "conditions").FirstOrDefault(c => Str(c, "type") == "Healthy");
            var status = healthy is null ? "Unknown" : Str(healthy, "status") == "True" ? "Healthy" : "Unhealthy";
            return [NameOf(o), status, Str(healthy, "message"), Str(healthy, "error")];
        });

        var eventColumns = new[]
        {
            S("Last Seen", "The time at which the most recent occurrence of this event was recorded."),
            S("Type", "Type of this event (Normal, Warning), new types could be added in the future"),
            S("Reason", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
            S("Object", "The object that this event is about."),
            S("Subobject", "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].", 1),
            S("Source", "The component reporting this event. Should be a short machine understandable string.", 1),
            S("Message", "A human-readable description of the status of this operation."),
            S("First Seen", "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)", 1),
            S("Count", "The number of times this event has occurred.", 1),
            Name with { Priority = 1 },
        };
        printers["events"] = new TablePrinter(eventColumns, (o, now) => EventCells(o, now, CoreEventFields));
        printers["events.events.k8s.io"] = new TablePrinter(eventColumns, (o, now) => EventCells(o, now, EventsV1Fields));
    }

    private static readonly EventFields CoreEventFields = new("firstTimestamp", "lastTimestamp", "count", "involvedObject", "message", "source");

    private static readonly EventFields EventsV1Fields = new("deprecatedFirstTimestamp", "deprecatedLastTimestamp", "deprecatedCount", "regarding", "note", "deprecatedSource");

    private static object?[] EventCells(JsonObject o, DateTimeOffset now, EventFields f)
    {
        var eventTime = Time(o, "eventTime");
        var first = Time(o, f.FirstTimestamp) is { } ft ? Since(ft, now) : Since(eventTime, now);
        var last = Time(o, f.LastTimestamp) is { } lt ? Since(lt, now) : first;
        var count = Long(o, f.Count);
        if (Has(o, "series"))
        {
            last = Since(Time(o, "series", "lastObservedTime"), now);
            count = Long(o, "series", "count");
        }
        else if (count == 0)
        {
            // Singleton events of the events.k8s.io API carry no count.
            count = 1;
        }

        var kind = Str(o, f.InvolvedObject, "kind").ToLowerInvariant();
        var involvedName = Str(o, f.InvolvedObject, "name");
        var target = involvedName.Length > 0 ? kind + "/" + involvedName : kind;
        var component = FirstNonEmpty(Str(o, f.Source, "component"), Str(o, "reportingController"));
        var host = FirstNonEmpty(Str(o, f.Source, "host"), Str(o, "reportingInstance"));
        var source = host.Length == 0 ? component : component + ", " + host;
        return [last, Str(o, "type"), Str(o, "reason"), target, Str(o, f.InvolvedObject, "fieldPath"), source,
            Str(o, f.Message).Trim(), first, count, NameOf(o)];
    }

    private static object?[] NodeCells(JsonObject o, DateTimeOffset now)
    {
        var status = new List<string>();
        if (Objects(o, "status", "conditions").LastOrDefault(c => Str(c, "type") == "Ready") is { } ready)
        {
            status.Add(Str(ready, "status") == "True" ? "Ready" : "NotReady");
        }
        else
        {
            status.Add("Unknown");
        }

        if (Bool(o, "spec", "unschedulable"))
        {
            status.Add("SchedulingDisabled");
        }

        var roles = new SortedSet<string>(StringComparer.Ordinal);
        if (At(o, "metadata", "labels") is JsonObject labels)
        {
            foreach (var (key, value) in labels)
            {
                if (key.StartsWith("node-role.kubernetes.io/", StringComparison.Ordinal) && key.Length > "node-role.kubernetes.io/".Length)
                {
                    roles.Add(key["node-role.kubernetes.io/".Length..]);
                }
                else if (key == "kubernetes.io/role" && Str(value) is { Length: > 0 } role)
                {
                    roles.Add(role);
                }
            }
        }

        return [NameOf(o), string.Join(",", status), roles.Count > 0 ? string.Join(",", roles) : "<none>", AgeOf(o, now),
            Str(o, "status", "nodeInfo", "kubeletVersion"), NodeAddress(o, "InternalIP"), NodeAddress(o, "ExternalIP"),
            Unknown(Str(o, "status", "nodeInfo", "osImage")), Unknown(Str(o, "status", "nodeInfo", "kernelVersion")),
            Unknown(Str(o, "status", "nodeInfo", "containerRuntimeVersion"))];
    }

    private static string NodeAddress(JsonObject node, string type) =>
        Objects(node, "status", "addresses").FirstOrDefault(a => Str(a, "type") == type) is { } a ? Str(a, "address") : "<none>";

    private static string Unknown(string value) => value.Length > 0 ? value : "<unknown>";

    private static string ServicePorts(JsonObject service) => string.Join(",", Objects(service, "spec", "ports").Select(p =>
    {
        var protocol = Str(p, "protocol");
        var nodePort = Long(p, "nodePort");
        return nodePort > 0 ? I(Long(p, "port")) + ":" + I(nodePort) + "/" + protocol : I(Long(p, "port")) + "/" + protocol;
    }));

    private static string ServiceExternalIP(JsonObject service)
    {
        var externalIPs = Strings(service, "spec", "externalIPs").ToList();
        switch (Str(service, "spec", "type"))
        {
            case "ClusterIP":
            case "NodePort":
                return externalIPs.Count > 0 ? string.Join(",", externalIPs) : "<none>";
            case "LoadBalancer":
                var lbIPs = LoadBalancerIngress(At(service, "status", "loadBalancer"));
                if (externalIPs.Count > 0)
                {
                    return string.Join(",", (lbIPs.Length > 0 ? lbIPs.Split(',') : []).Concat(externalIPs));
                }

                return lbIPs.Length > 0 ? lbIPs : "<pending>";
            case "ExternalName":
                return Str(service, "spec", "externalName");
            default:
                return "<unknown>";
        }
    }

    /// <summary>The distinct IPs (else host names) of a load balancer status, sorted; never clipped, as the server prints wide.</summary>
    public static string LoadBalancerIngress(JsonNode? loadBalancer) =>
        string.Join(",", Objects(loadBalancer, "ingress")
            .Select(i => Str(i, "ip") is { Length: > 0 } ip ? ip : Str(i, "hostname"))
            .Where(s => s.Length > 0).Distinct().Order(StringComparer.Ordinal));

    private static string FormatEndpoints(JsonObject endpoints)
    {
        var subsets = Objects(endpoints, "subsets").ToList();
        if (subsets.Count == 0)
        {
            return "<none>";
        }

        const int max = 3;
        var list = new List<string>();
        var more = false;
        var count = 0;
        foreach (var subset in subsets)
        {
            var addresses = Objects(subset, "addresses").Select(a => Str(a, "ip")).ToList();
            var ports = Objects(subset, "ports").ToList();
            if (ports.Count == 0)
            {
                // Headless services may have addresses without ports.
                count += addresses.Count;
                foreach (var ip in addresses)
                {
                    if (list.Count == max)
                    {
                        more = true;
                        break;
                    }

                    list.Add(ip);
                }

                continue;
            }

            foreach (var port in ports)
            {
                count += addresses.Count;
                foreach (var ip in addresses)
                {
                    if (list.Count == max)
                    {
                        more = true;
                        break;
                    }

                    list.Add(JoinHostPort(ip, Long(port, "port")));
                }
            }
        }

        var text = string.Join(",", list);
        return more ? text + " + " + I(count - max) + " more..." : text;
    }

    private static string JoinHostPort(string host, long port) =>
        (host.Contains(':', StringComparison.Ordinal) ? "[" + host + "]" : host) + ":" + I(port);

    private static string StorageClass(JsonObject o) =>
        StrOrNull(o, "metadata", "annotations", "volume.beta.kubernetes.io/storage-class") ?? Str(o, "spec", "storageClassName");

    private static string AccessModes(JsonObject o, params string[] path)
    {
        var modes = Strings(o, path).ToHashSet(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var (mode, abbreviation) in new[] { ("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP") })
        {
            if (modes.Contains(mode))
            {
                result.Add(abbreviation);
            }
        }

        return string.Join(",", result);
    }

    private static string FirstNonEmpty(string a, string b) => a.Length > 0 ? a : b;

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);
}
