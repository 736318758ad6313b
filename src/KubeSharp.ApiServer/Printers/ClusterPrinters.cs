using System.Globalization;
using System.Text.Json.Nodes;
using static KubeSharp.ApiServer.Printers.JsonFields;
using static KubeSharp.ApiServer.Printers.PrinterColumns;

namespace KubeSharp.ApiServer.Printers;

/// <summary>Printers for networking, discovery, RBAC, storage, scheduling, node, coordination and certificates resources.</summary>
internal static class ClusterPrinters
{
    public static void Register(IDictionary<string, ITablePrinter> printers)
    {
        printers["ingresses.networking.k8s.io"] = new TablePrinter(
        [
            Name, S("Class", "The name of the IngressClass resource that should be used for additional configuration"),
            S("Hosts", "Hosts that incoming requests are matched against before the ingress rule"),
            S("Address", "Address is a list containing ingress points for the load-balancer"),
            S("Ports", "Ports of TLS configurations that open"), Age,
        ], (o, now) =>
        [
            NameOf(o), StrOrNull(o, "spec", "ingressClassName") ?? "<none>", IngressHosts(o),
            CorePrinters.LoadBalancerIngress(At(o, "status", "loadBalancer")), Count(o, "spec", "tls") != 0 ? "80, 443" : "80", AgeOf(o, now),
        ]);

        printers["ingressclasses.networking.k8s.io"] = new TablePrinter(
        [
            Name, S("Controller", "Controller that is responsible for handling this class"),
            S("Parameters", "A reference to a resource with additional parameters"), Age,
        ], (o, now) =>
        {
            var parameters = "<none>";
            if (At(o, "spec", "parameters") is JsonObject p)
            {
                parameters = Str(p, "kind") + (StrOrNull(p, "apiGroup") is { } g ? "." + g : "") + "/" + Str(p, "name");
            }

            return [NameOf(o), Str(o, "spec", "controller"), parameters, AgeOf(o, now)];
        });

        printers["networkpolicies.networking.k8s.io"] = new TablePrinter(
            [Name, S("Pod-Selector", "Selects the pods to which this NetworkPolicy object applies."), Age],
            (o, now) => [NameOf(o), LabelFormat.Selector(At(o, "spec", "podSelector") ?? new JsonObject()), AgeOf(o, now)]);

        printers["endpointslices.discovery.k8s.io"] = new TablePrinter(
        [
            Name, S("AddressType", "addressType specifies the type of address carried by this EndpointSlice."),
            S("Ports", "ports specifies the list of network ports exposed by each endpoint in this slice."),
            S("Endpoints", "endpoints is a list of unique endpoints in this slice."), Age,
        ], (o, now) =>
        [
            NameOf(o), Str(o, "addressType"),
            ListWithMore(Objects(o, "ports").Select(p => LongOrNull(p, "port") is { } port ? I(port) : StrOrNull(p, "name") ?? "*").ToList()),
            ListWithMore(Objects(o, "endpoints").SelectMany(e => Strings(e, "addresses")).ToList()), AgeOf(o, now),
        ]);

        TableColumn[] bindingColumns(string kind) =>
        [
            Name, S("Role", "RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace."), Age,
            S("Users", "Users in the " + kind, 1), S("Groups", "Groups in the " + kind, 1), S("ServiceAccounts", "ServiceAccounts in the " + kind, 1),
        ];
        printers["rolebindings.rbac.authorization.k8s.io"] = new TablePrinter(bindingColumns("roleBinding"), BindingCells);
        printers["clusterrolebindings.rbac.authorization.k8s.io"] = new TablePrinter(bindingColumns("clusterRoleBinding"), BindingCells);

        printers["storageclasses.storage.k8s.io"] = new TablePrinter(
        [
            Name, S("Provisioner", "provisioner indicates the type of the provisioner."),
            S("ReclaimPolicy", "reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class."),
            S("VolumeBindingMode", "volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound."),
            S("AllowVolumeExpansion", "allowVolumeExpansion shows whether the storage class allow volume expand."), Age,
        ], (o, now) =>
        {
            var isDefault = Str(o, "metadata", "annotations", "storageclass.kubernetes.io/is-default-class") == "true" ||
                Str(o, "metadata", "annotations", "storageclass.beta.kubernetes.io/is-default-class") == "true";
            return [isDefault ? NameOf(o) + " (default)" : NameOf(o), Str(o, "provisioner"), StrOrNull(o, "reclaimPolicy") ?? "Delete",
                StrOrNull(o, "volumeBindingMode") ?? "Immediate", Bool(o, "allowVolumeExpansion"), AgeOf(o, now)];
        });

        printers["csinodes.storage.k8s.io"] = new TablePrinter(
            [Name, Int("Drivers", "Drivers indicates the number of CSI drivers registered on the node"), Age],
            (o, now) => [NameOf(o), (long)Count(o, "spec", "drivers"), AgeOf(o, now)]);

        printers["csidrivers.storage.k8s.io"] = new TablePrinter(
        [
            Name, Bool("AttachRequired", "attachRequired indicates this CSI volume driver requires an attach operation."),
            Bool("PodInfoOnMount", "podInfoOnMount indicates this CSI volume driver requires additional pod information (like podName, podUID, etc.) during mount operations."),
            Bool("StorageCapacity", "storageCapacity indicates that the CSI volume driver wants pod scheduling to consider the storage capacity that the driver deployment will report."),
            S("TokenRequests", "tokenRequests indicates the CSI driver needs pods' service account tokens it is mounting volume for to do necessary authentication."),
            Bool("RequiresRepublish", "requiresRepublish indicates the CSI driver wants `NodePublishVolume` being periodically called to reflect any possible change in the mounted volume."),
            S("Modes", "volumeLifecycleModes defines what kind of volumes this CSI volume driver supports."), Age,
        ], (o, now) =>
        {
            var modes = string.Join(",", Strings(o, "spec", "volumeLifecycleModes"));
            var tokenRequests = Has(o, "spec", "tokenRequests") ? string.Join(",", Objects(o, "spec", "tokenRequests").Select(t => Str(t, "audience"))) : "<unset>";
            return [NameOf(o), BoolOrNull(o, "spec", "attachRequired") ?? true, Bool(o, "spec", "podInfoOnMount"), Bool(o, "spec", "storageCapacity"),
                tokenRequests, Bool(o, "spec", "requiresRepublish"), modes.Length > 0 ? modes : "<none>", AgeOf(o, now)];
        });

        printers["csistoragecapacities.storage.k8s.io"] = new TablePrinter(
        [
            Name, S("StorageClassName", "storageClassName represents the name of the StorageClass that the reported capacity applies to."),
            S("Capacity", "capacity is the value reported by the CSI driver in its GetCapacityResponse for a GetCapacityRequest with topology and parameters that match the previous fields."),
        ], (o, _) => [NameOf(o), Str(o, "storageClassName"), Has(o, "capacity") ? Quantity(o, "capacity") : "<unset>"]);

        printers["volumeattachments.storage.k8s.io"] = new TablePrinter(
        [
            Name, new TableColumn("Attacher", "string", "name", "attacher indicates the name of the volume driver that MUST handle this request."),
            S("PV", "persistentVolumeName represents the name of the persistent volume to attach."),
            S("Node", "nodeName represents the node that the volume should be attached to."),
            Bool("Attached", "attached indicates the volume is successfully attached."), Age,
        ], (o, now) =>
        [
            NameOf(o), Str(o, "spec", "attacher"), Str(o, "spec", "source", "persistentVolumeName"), Str(o, "spec", "nodeName"),
            Bool(o, "status", "attached"), AgeOf(o, now),
        ]);

        printers["priorityclasses.scheduling.k8s.io"] = new TablePrinter(
        [
            Name, Int("Value", "value represents the integer value of this priority class."),
            Bool("Global-Default", "globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class."),
            Age, S("PreemptionPolicy", "preemptionPolicy is the Policy for preempting pods with lower priority."),
        ], (o, now) => [NameOf(o), Long(o, "value"), Bool(o, "globalDefault"), AgeOf(o, now), Str(o, "preemptionPolicy")]);

        printers["runtimeclasses.node.k8s.io"] = new TablePrinter(
            [Name, S("Handler", "handler specifies the underlying runtime and configuration that the CRI implementation will use to handle pods of this class."), Age],
            (o, now) => [NameOf(o), Str(o, "handler"), AgeOf(o, now)]);

        printers["leases.coordination.k8s.io"] = new TablePrinter(
            [Name, S("Holder", "holderIdentity contains the identity of the holder of a current lease."), Age],
            (o, now) => [NameOf(o), Str(o, "spec", "holderIdentity"), AgeOf(o, now)]);

        printers["certificatesigningrequests.certificates.k8s.io"] = new TablePrinter(
        [
            Name, Age, S("SignerName", "signerName indicates the requested signer, and is a qualified name."),
            S("Requestor", "username contains the name of the user that created the CertificateSigningRequest."),
            S("RequestedDuration", "expirationSeconds is the requested duration of validity of the issued certificate."),
            S("Condition", "conditions applied to the request. Known conditions are \"Approved\", \"Denied\", and \"Failed\"."),
        ], (o, now) =>
        {
            var duration = LongOrNull(o, "spec", "expirationSeconds") is { } seconds ? HumanDuration.Format(TimeSpan.FromSeconds(seconds)) : "<none>";
            return [NameOf(o), AgeOf(o, now), Str(o, "spec", "signerName") is { Length: > 0 } signer ? signer : "<none>", Str(o, "spec", "username"),
                duration, CsrStatus(o)];
        });
    }

    private static object?[] BindingCells(JsonObject o, DateTimeOffset now)
    {
        var users = new List<string>();
        var groups = new List<string>();
        var serviceAccounts = new List<string>();
        foreach (var subject in Objects(o, "subjects"))
        {
            var name = Str(subject, "name");
            switch (Str(subject, "kind"))
            {
                case "ServiceAccount":
                    serviceAccounts.Add(Str(subject, "namespace") is { Length: > 0 } ns ? ns + "/" + name : name);
                    break;
                case "User":
                    users.Add(name);
                    break;
                case "Group":
                    groups.Add(name);
                    break;
            }
        }

        return [NameOf(o), Str(o, "roleRef", "kind") + "/" + Str(o, "roleRef", "name"), AgeOf(o, now),
            string.Join(", ", users), string.Join(", ", groups), string.Join(", ", serviceAccounts)];
    }

    private static string CsrStatus(JsonObject csr)
    {
        var types = Objects(csr, "status", "conditions").Select(c => Str(c, "type")).ToHashSet(StringComparer.Ordinal);
        var status = types.Contains("Denied") ? "Denied" : types.Contains("Approved") ? "Approved" : "Pending";
        if (types.Contains("Failed"))
        {
            status += ",Failed";
        }

        if (Str(csr, "status", "certificate").Length > 0)
        {
            status += ",Issued";
        }

        return status;
    }

    private static string IngressHosts(JsonObject ingress)
    {
        const int max = 3;
        var rules = Objects(ingress, "spec", "rules").ToList();
        var hosts = new List<string>();
        var more = false;
        foreach (var rule in rules)
        {
            more |= hosts.Count == max;
            if (!more && Str(rule, "host") is { Length: > 0 } host)
            {
                hosts.Add(host);
            }
        }

        if (hosts.Count == 0)
        {
            return "*";
        }

        var text = string.Join(",", hosts);
        return more ? text + " + " + I(rules.Count - max) + " more..." : text;
    }

    private static string ListWithMore(List<string> items)
    {
        const int max = 3;
        var text = string.Join(",", items.Take(max));
        if (items.Count > max)
        {
            return text + " + " + I(items.Count - max) + " more...";
        }

        return text.Length > 0 ? text : "<unset>";
    }

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);
}
