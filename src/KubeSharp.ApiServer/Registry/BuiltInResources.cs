namespace KubeSharp.ApiServer.Registry;

/// <summary>The built-in resources, at upstream's groups, versions, short names and categories.</summary>
internal static class BuiltInResources
{
    private static readonly string[] All = ["all"];
    private static readonly string[] CreateOnly = ["create"];
    private static readonly string[] GetPatchUpdate = ["get", "patch", "update"];

    private static SubresourceInfo Status(string group, string version, string kind) => new("status", group, version, kind, GetPatchUpdate);

    private static SubresourceInfo Scale() => new("scale", "autoscaling", "v1", "Scale", GetPatchUpdate);

    private static ResourceInfo R(string group, string version, string kind, string plural, bool namespaced, string[]? shortNames = null,
        string[]? categories = null, bool status = false, bool scale = false, string[]? verbs = null, SubresourceInfo[]? extra = null,
        string[]? versions = null) =>
        new()
        {
            Group = group,
            Versions = versions ?? [version],
            Kind = kind,
            Plural = plural,
            Namespaced = namespaced,
            ShortNames = shortNames ?? [],
            Categories = categories ?? [],
            Verbs = verbs ?? ResourceInfo.StandardVerbs,
            Subresources = [.. (status ? new[] { Status(group, (versions ?? [version])[0], kind) } : []),
                .. (scale ? new[] { Scale() } : []), .. extra ?? []],
        };

    private static ResourceInfo Review(string group, string kind, string plural, bool namespaced) =>
        R(group, "v1", kind, plural, namespaced, verbs: CreateOnly) with { Stored = false };

    public static IReadOnlyList<ResourceInfo> Resources { get; } =
    [
        // core/v1
        R("", "v1", "Binding", "bindings", true, verbs: CreateOnly) with { Stored = false },
        R("", "v1", "ComponentStatus", "componentstatuses", false, ["cs"], verbs: ["get", "list"]) with { Stored = false },
        R("", "v1", "ConfigMap", "configmaps", true, ["cm"]),
        R("", "v1", "Endpoints", "endpoints", true, ["ep"]),
        R("", "v1", "Event", "events", true, ["ev"]),
        R("", "v1", "LimitRange", "limitranges", true, ["limits"]),
        R("", "v1", "Namespace", "namespaces", false, ["ns"], status: true,
            verbs: ["create", "delete", "get", "list", "patch", "update", "watch"],
            extra: [new("finalize", "", "v1", "Namespace", ["update"])]),
        R("", "v1", "Node", "nodes", false, ["no"], status: true, extra: [new("proxy", "", "v1", "NodeProxyOptions", ["create", "delete", "get", "patch", "update"])]),
        R("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true, ["pvc"], status: true),
        R("", "v1", "PersistentVolume", "persistentvolumes", false, ["pv"], status: true),
        R("", "v1", "Pod", "pods", true, ["po"], All, status: true, extra:
        [
            new("attach", "", "v1", "PodAttachOptions", ["create", "get"]),
            new("binding", "", "v1", "Binding", CreateOnly),
            new("ephemeralcontainers", "", "v1", "Pod", GetPatchUpdate),
            new("eviction", "policy", "v1", "Eviction", CreateOnly),
            new("exec", "", "v1", "PodExecOptions", ["create", "get"]),
            new("log", "", "v1", "Pod", ["get"]),
            new("portforward", "", "v1", "PodPortForwardOptions", ["create", "get"]),
            new("proxy", "", "v1", "PodProxyOptions", ["create", "delete", "get", "patch", "update"]),
            new("resize", "", "v1", "Pod", GetPatchUpdate),
        ]),
        R("", "v1", "PodTemplate", "podtemplates", true),
        R("", "v1", "ReplicationController", "replicationcontrollers", true, ["rc"], All, status: true, scale: true),
        R("", "v1", "ResourceQuota", "resourcequotas", true, ["quota"], status: true),
        R("", "v1", "Secret", "secrets", true),
        R("", "v1", "ServiceAccount", "serviceaccounts", true, ["sa"], extra: [new("token", "authentication.k8s.io", "v1", "TokenRequest", CreateOnly)]),
        R("", "v1", "Service", "services", true, ["svc"], All, status: true,
            extra: [new("proxy", "", "v1", "ServiceProxyOptions", ["create", "delete", "get", "patch", "update"])]),

        // apps/v1
        R("apps", "v1", "ControllerRevision", "controllerrevisions", true),
        R("apps", "v1", "DaemonSet", "daemonsets", true, ["ds"], All, status: true),
        R("apps", "v1", "Deployment", "deployments", true, ["deploy"], All, status: true, scale: true),
        R("apps", "v1", "ReplicaSet", "replicasets", true, ["rs"], All, status: true, scale: true),
        R("apps", "v1", "StatefulSet", "statefulsets", true, ["sts"], All, status: true, scale: true),

        // authentication and authorization (virtual)
        Review("authentication.k8s.io", "SelfSubjectReview", "selfsubjectreviews", false),
        Review("authentication.k8s.io", "TokenReview", "tokenreviews", false),
        Review("authorization.k8s.io", "LocalSubjectAccessReview", "localsubjectaccessreviews", true),
        Review("authorization.k8s.io", "SelfSubjectAccessReview", "selfsubjectaccessreviews", false),
        Review("authorization.k8s.io", "SelfSubjectRulesReview", "selfsubjectrulesreviews", false),
        Review("authorization.k8s.io", "SubjectAccessReview", "subjectaccessreviews", false),

        // autoscaling: stored as v2, served at v1 too
        R("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true, ["hpa"], All, status: true, versions: ["v2", "v1"]),

        // batch/v1
        R("batch", "v1", "CronJob", "cronjobs", true, ["cj"], All, status: true),
        R("batch", "v1", "Job", "jobs", true, categories: All, status: true),

        R("certificates.k8s.io", "v1", "CertificateSigningRequest", "certificatesigningrequests", false, ["csr"], status: true,
            extra: [new("approval", "certificates.k8s.io", "v1", "CertificateSigningRequest", GetPatchUpdate)]),
        R("coordination.k8s.io", "v1", "Lease", "leases", true),
        R("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", true),
        R("events.k8s.io", "v1", "Event", "events", true, ["ev"]),

        // networking.k8s.io/v1
        R("networking.k8s.io", "v1", "IngressClass", "ingressclasses", false),
        R("networking.k8s.io", "v1", "Ingress", "ingresses", true, ["ing"], status: true),
        R("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true, ["netpol"]),

        R("node.k8s.io", "v1", "RuntimeClass", "runtimeclasses", false),
        R("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true, ["pdb"], status: true),

        // rbac.authorization.k8s.io/v1
        R("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false),
        R("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false),
        R("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true),
        R("rbac.authorization.k8s.io", "v1", "Role", "roles", true),

        R("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", false, ["pc"]),

        // storage.k8s.io/v1
        R("storage.k8s.io", "v1", "CSIDriver", "csidrivers", false),
        R("storage.k8s.io", "v1", "CSINode", "csinodes", false),
        R("storage.k8s.io", "v1", "CSIStorageCapacity", "csistoragecapacities", true),
        R("storage.k8s.io", "v1", "StorageClass", "storageclasses", false, ["sc"]),
        R("storage.k8s.io", "v1", "VolumeAttachment", "volumeattachments", false, status: true),

        R("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false, ["crd", "crds"], ["api-extensions"], status: true),
    ];

    private static readonly HashSet<(string, string)> Known = Resources.Select(r => (r.Group, r.Plural)).ToHashSet();

    public static bool IsBuiltIn(ResourceInfo resource) => Known.Contains((resource.Group, resource.Plural));

    /// <summary>The API groups in the order discovery lists them (core first, as upstream).</summary>
    public static IReadOnlyList<string> GroupOrder { get; } =
    [
        "", "apps", "events.k8s.io", "authentication.k8s.io", "authorization.k8s.io", "autoscaling", "batch", "certificates.k8s.io",
        "networking.k8s.io", "policy", "rbac.authorization.k8s.io", "storage.k8s.io", "apiextensions.k8s.io", "scheduling.k8s.io",
        "coordination.k8s.io", "node.k8s.io", "discovery.k8s.io",
    ];
}
