using System.Reflection;
using System.Text.Json.Serialization;
using k8s.Models;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Validation;
using KubeSharp.ApiServer.Registry.Validation;

namespace KubeSharp.ApiServer.Registry.Strategies.Pods;

/// <summary>The important rules of upstream's ValidatePodSpec and ValidatePodTemplateSpec (pkg/apis/core/validation).</summary>
internal static class PodSpecValidator
{
    private static readonly string[] RestartPolicies = ["Always", "OnFailure", "Never"];
    private static readonly string[] DnsPolicies = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
    private static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];
    private static readonly string[] PullPolicies = ["Always", "IfNotPresent", "Never"];
    private static readonly string[] MessagePolicies = ["FallbackToLogsOnError", "File"];
    private static readonly string[] Schemes = ["HTTP", "HTTPS"];
    private static readonly string[] TolerationOperators = ["Equal", "Exists"];
    private static readonly string[] TaintEffects = ["NoExecute", "NoSchedule", "PreferNoSchedule"];

    private static readonly string[] VolumeSources =
    [
        "hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi", "glusterfs",
        "persistentVolumeClaim", "rbd", "flexVolume", "cinder", "cephfs", "flocker", "downwardAPI", "fc", "azureFile", "configMap",
        "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "projected", "portworxVolume", "scaleIO", "storageos", "csi",
        "ephemeral", "image",
    ];

    /// <summary>The typed volume's property for each volume source, looked up once: attribute reflection per pod write was a top cost at scale.</summary>
    private static readonly (string Name, PropertyInfo Property)[] VolumeSourceProperties =
    [
        .. VolumeSources
            .Select(s => (Name: s, Property: typeof(V1Volume).GetProperties()
                .FirstOrDefault(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name == s)))
            .Where(s => s.Property is not null)
            .Select(s => (s.Name, s.Property!)),
    ];

    public const string FileModeError = "must be a number between 0 and 0777 (octal), both inclusive";

    public static void ValidateTemplate(V1PodTemplateSpec? template, FieldPath path, List<FieldError> errors)
    {
        if (template is null)
        {
            errors.Add(FieldError.Required(path, ""));
            return;
        }

        if (template.Metadata is { } meta)
        {
            ObjectMetaValidator.ValidateLabels(meta.Labels ?? new Dictionary<string, string>(), path.Child("metadata").Child("labels"), errors);
            ObjectMetaValidator.ValidateAnnotations(meta.Annotations ?? new Dictionary<string, string>(), path.Child("metadata").Child("annotations"), errors);
        }

        Validate(template.Spec, path.Child("spec"), errors);
    }

    public static void Validate(V1PodSpec? spec, FieldPath path, List<FieldError> errors)
    {
        spec ??= new V1PodSpec();
        var volumes = ValidateVolumes(spec.Volumes, path.Child("volumes"), errors);
        var names = new HashSet<string>();
        ValidateContainers(spec.InitContainers, path.Child("initContainers"), volumes, names, errors, required: false);
        ValidateContainers(spec.Containers, path.Child("containers"), volumes, names, errors, required: true);
        ValidateRestartPolicy(spec.RestartPolicy, path.Child("restartPolicy"), errors);

        if (string.IsNullOrEmpty(spec.DnsPolicy))
        {
            errors.Add(FieldError.Required(path.Child("dnsPolicy"), ""));
        }
        else if (!DnsPolicies.Contains(spec.DnsPolicy))
        {
            errors.Add(FieldError.NotSupported(path.Child("dnsPolicy"), spec.DnsPolicy, DnsPolicies));
        }

        if (spec.NodeSelector is { } nodeSelector)
        {
            ObjectMetaValidator.ValidateLabels(nodeSelector, path.Child("nodeSelector"), errors);
        }

        if (!string.IsNullOrEmpty(spec.ServiceAccountName))
        {
            foreach (var msg in NameValidation.IsDns1123Subdomain(spec.ServiceAccountName))
            {
                errors.Add(FieldError.Invalid(path.Child("serviceAccountName"), spec.ServiceAccountName, msg));
            }
        }

        if (!string.IsNullOrEmpty(spec.NodeName))
        {
            foreach (var msg in NameValidation.IsDns1123Subdomain(spec.NodeName))
            {
                errors.Add(FieldError.Invalid(path.Child("nodeName"), spec.NodeName, msg));
            }
        }

        if (spec.ActiveDeadlineSeconds is { } ads && ads < 1)
        {
            errors.Add(FieldError.Invalid(path.Child("activeDeadlineSeconds"), ads, NameValidation.InclusiveRangeError(1, int.MaxValue)));
        }

        foreach (var (field, value) in new[] { ("hostname", spec.Hostname), ("subdomain", spec.Subdomain) })
        {
            if (!string.IsNullOrEmpty(value))
            {
                foreach (var msg in NameValidation.IsDns1123Label(value))
                {
                    errors.Add(FieldError.Invalid(path.Child(field), value, msg));
                }
            }
        }

        ValidateTolerations(spec.Tolerations, path.Child("tolerations"), errors);
    }

    public static void ValidateRestartPolicy(string? policy, FieldPath path, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(policy))
        {
            errors.Add(FieldError.Required(path, ""));
        }
        else if (!RestartPolicies.Contains(policy))
        {
            errors.Add(FieldError.NotSupported(path, policy, RestartPolicies));
        }
    }

    private static HashSet<string> ValidateVolumes(IList<V1Volume>? volumes, FieldPath path, List<FieldError> errors)
    {
        var names = new HashSet<string>();
        for (var i = 0; i < (volumes?.Count ?? 0); i++)
        {
            var v = volumes![i];
            var idx = path.Index(i);
            if (string.IsNullOrEmpty(v.Name))
            {
                errors.Add(FieldError.Required(idx.Child("name"), ""));
            }
            else
            {
                foreach (var msg in NameValidation.IsDns1123Label(v.Name))
                {
                    errors.Add(FieldError.Invalid(idx.Child("name"), v.Name, msg));
                }

                if (!names.Add(v.Name))
                {
                    errors.Add(FieldError.Duplicate(idx.Child("name"), v.Name));
                }
            }

            ValidateVolumeSource(v, idx, errors);
        }

        return names;
    }

    private static void ValidateVolumeSource(V1Volume v, FieldPath path, List<FieldError> errors)
    {
        var present = new List<string>(1);
        foreach (var (name, property) in VolumeSourceProperties)
        {
            if (property.GetValue(v) is not null)
            {
                present.Add(name);
            }
        }

        if (present.Count == 0)
        {
            errors.Add(FieldError.Required(path, "must specify a volume type"));
        }

        foreach (var extra in present.Skip(1))
        {
            errors.Add(FieldError.Forbidden(path.Child(extra), "may not specify more than 1 volume type"));
        }

        if (v.ConfigMap is { } cm)
        {
            if (string.IsNullOrEmpty(cm.Name))
            {
                errors.Add(FieldError.Required(path.Child("configMap").Child("name"), ""));
            }

            ValidateMode(cm.DefaultMode, path.Child("configMap").Child("defaultMode"), errors);
        }

        if (v.Secret is { } secret)
        {
            if (string.IsNullOrEmpty(secret.SecretName))
            {
                errors.Add(FieldError.Required(path.Child("secret").Child("secretName"), ""));
            }

            ValidateMode(secret.DefaultMode, path.Child("secret").Child("defaultMode"), errors);
        }

        if (v.PersistentVolumeClaim is { } pvc && string.IsNullOrEmpty(pvc.ClaimName))
        {
            errors.Add(FieldError.Required(path.Child("persistentVolumeClaim").Child("claimName"), ""));
        }

        if (v.HostPath is { } hostPath && string.IsNullOrEmpty(hostPath.Path))
        {
            errors.Add(FieldError.Required(path.Child("hostPath").Child("path"), ""));
        }

        if (v.Nfs is { } nfs)
        {
            if (string.IsNullOrEmpty(nfs.Server))
            {
                errors.Add(FieldError.Required(path.Child("nfs").Child("server"), ""));
            }

            if (string.IsNullOrEmpty(nfs.Path))
            {
                errors.Add(FieldError.Required(path.Child("nfs").Child("path"), ""));
            }
        }
    }

    private static void ValidateMode(int? mode, FieldPath path, List<FieldError> errors)
    {
        if (mode is { } m && (m < 0 || m > 511))
        {
            errors.Add(FieldError.Invalid(path, m, FileModeError));
        }
    }

    private static void ValidateContainers(IList<V1Container>? containers, FieldPath path, HashSet<string> volumes, HashSet<string> names,
        List<FieldError> errors, bool required)
    {
        if (containers is null || containers.Count == 0)
        {
            if (required)
            {
                errors.Add(FieldError.Required(path, ""));
            }

            return;
        }

        for (var i = 0; i < containers.Count; i++)
        {
            var c = containers[i];
            var idx = path.Index(i);
            if (string.IsNullOrEmpty(c.Name))
            {
                errors.Add(FieldError.Required(idx.Child("name"), ""));
            }
            else
            {
                foreach (var msg in NameValidation.IsDns1123Label(c.Name))
                {
                    errors.Add(FieldError.Invalid(idx.Child("name"), c.Name, msg));
                }

                if (!names.Add(c.Name))
                {
                    errors.Add(FieldError.Duplicate(idx.Child("name"), c.Name));
                }
            }

            if (string.IsNullOrEmpty(c.Image))
            {
                errors.Add(FieldError.Required(idx.Child("image"), ""));
            }

            if (!string.IsNullOrEmpty(c.ImagePullPolicy) && !PullPolicies.Contains(c.ImagePullPolicy))
            {
                errors.Add(FieldError.NotSupported(idx.Child("imagePullPolicy"), c.ImagePullPolicy, PullPolicies));
            }
            else if (string.IsNullOrEmpty(c.ImagePullPolicy))
            {
                errors.Add(FieldError.Required(idx.Child("imagePullPolicy"), ""));
            }

            if (!string.IsNullOrEmpty(c.TerminationMessagePolicy) && !MessagePolicies.Contains(c.TerminationMessagePolicy))
            {
                errors.Add(FieldError.NotSupported(idx.Child("terminationMessagePolicy"), c.TerminationMessagePolicy, MessagePolicies));
            }

            ValidatePorts(c.Ports, idx.Child("ports"), errors);
            ValidateEnv(c.Env, idx.Child("env"), errors);
            ValidateVolumeMounts(c.VolumeMounts, idx.Child("volumeMounts"), volumes, errors);
            ResourceValidator.ValidateRequirements(c.Resources, idx.Child("resources"), errors);
            ValidateProbe(c.LivenessProbe, idx.Child("livenessProbe"), errors, mustSucceedOnce: true);
            ValidateProbe(c.ReadinessProbe, idx.Child("readinessProbe"), errors, mustSucceedOnce: false);
            ValidateProbe(c.StartupProbe, idx.Child("startupProbe"), errors, mustSucceedOnce: true);
        }
    }

    private static void ValidatePorts(IList<V1ContainerPort>? ports, FieldPath path, List<FieldError> errors)
    {
        var names = new HashSet<string>();
        for (var i = 0; i < (ports?.Count ?? 0); i++)
        {
            var p = ports![i];
            var idx = path.Index(i);
            if (!string.IsNullOrEmpty(p.Name))
            {
                foreach (var msg in NameValidation.IsValidPortName(p.Name))
                {
                    errors.Add(FieldError.Invalid(idx.Child("name"), p.Name, msg));
                }

                if (!names.Add(p.Name))
                {
                    errors.Add(FieldError.Duplicate(idx.Child("name"), p.Name));
                }
            }

            if (p.ContainerPort == 0)
            {
                errors.Add(FieldError.Required(idx.Child("containerPort"), ""));
            }
            else
            {
                foreach (var msg in NameValidation.IsValidPortNum(p.ContainerPort))
                {
                    errors.Add(FieldError.Invalid(idx.Child("containerPort"), p.ContainerPort, msg));
                }
            }

            if (p.HostPort is { } hp and not 0)
            {
                foreach (var msg in NameValidation.IsValidPortNum(hp))
                {
                    errors.Add(FieldError.Invalid(idx.Child("hostPort"), hp, msg));
                }
            }

            if (string.IsNullOrEmpty(p.Protocol))
            {
                errors.Add(FieldError.Required(idx.Child("protocol"), ""));
            }
            else if (!Protocols.Contains(p.Protocol))
            {
                errors.Add(FieldError.NotSupported(idx.Child("protocol"), p.Protocol, Protocols));
            }
        }
    }

    private static void ValidateEnv(IList<V1EnvVar>? env, FieldPath path, List<FieldError> errors)
    {
        for (var i = 0; i < (env?.Count ?? 0); i++)
        {
            var e = env![i];
            var idx = path.Index(i);
            if (string.IsNullOrEmpty(e.Name))
            {
                errors.Add(FieldError.Required(idx.Child("name"), ""));
            }
            else
            {
                foreach (var msg in NameValidation.IsRelaxedEnvVarName(e.Name))
                {
                    errors.Add(FieldError.Invalid(idx.Child("name"), e.Name, msg));
                }
            }

            if (e.ValueFrom is { } from)
            {
                var sources = new object?[] { from.FieldRef, from.ResourceFieldRef, from.ConfigMapKeyRef, from.SecretKeyRef, from.FileKeyRef }.Count(s => s is not null);
                if (!string.IsNullOrEmpty(e.Value))
                {
                    errors.Add(FieldError.Invalid(idx.Child("valueFrom"), "", "may not be specified when `value` is not empty"));
                }
                else if (sources == 0)
                {
                    errors.Add(FieldError.Invalid(idx.Child("valueFrom"), "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
                }
                else if (sources > 1)
                {
                    errors.Add(FieldError.Invalid(idx.Child("valueFrom"), "", "may not have more than one field specified at a time"));
                }

                if (from.ConfigMapKeyRef is { } cmRef && string.IsNullOrEmpty(cmRef.Key))
                {
                    errors.Add(FieldError.Required(idx.Child("valueFrom").Child("configMapKeyRef").Child("key"), ""));
                }

                if (from.SecretKeyRef is { } secretRef && string.IsNullOrEmpty(secretRef.Key))
                {
                    errors.Add(FieldError.Required(idx.Child("valueFrom").Child("secretKeyRef").Child("key"), ""));
                }

                if (from.FieldRef is { } fieldRef && string.IsNullOrEmpty(fieldRef.FieldPath))
                {
                    errors.Add(FieldError.Required(idx.Child("valueFrom").Child("fieldRef").Child("fieldPath"), ""));
                }
            }
        }
    }

    private static void ValidateVolumeMounts(IList<V1VolumeMount>? mounts, FieldPath path, HashSet<string> volumes, List<FieldError> errors)
    {
        var mountPaths = new HashSet<string>();
        for (var i = 0; i < (mounts?.Count ?? 0); i++)
        {
            var m = mounts![i];
            var idx = path.Index(i);
            if (string.IsNullOrEmpty(m.Name))
            {
                errors.Add(FieldError.Required(idx.Child("name"), ""));
            }
            else if (!volumes.Contains(m.Name))
            {
                errors.Add(FieldError.NotFound(idx.Child("name"), m.Name));
            }

            if (string.IsNullOrEmpty(m.MountPath))
            {
                errors.Add(FieldError.Required(idx.Child("mountPath"), ""));
            }
            else if (!mountPaths.Add(m.MountPath))
            {
                errors.Add(FieldError.Invalid(idx.Child("mountPath"), m.MountPath, "must be unique"));
            }
        }
    }

    private static void ValidateProbe(V1Probe? probe, FieldPath path, List<FieldError> errors, bool mustSucceedOnce)
    {
        if (probe is null)
        {
            return;
        }

        var handlers = new (string Name, object? Value)[] { ("exec", probe.Exec), ("httpGet", probe.HttpGet), ("tcpSocket", probe.TcpSocket), ("grpc", probe.Grpc) }
            .Where(h => h.Value is not null).ToList();
        if (handlers.Count == 0)
        {
            errors.Add(FieldError.Required(path, "must specify a handler type"));
        }

        foreach (var extra in handlers.Skip(1))
        {
            errors.Add(FieldError.Forbidden(path.Child(extra.Name), "may not specify more than 1 handler type"));
        }

        foreach (var (field, value) in new[] { ("initialDelaySeconds", probe.InitialDelaySeconds), ("timeoutSeconds", probe.TimeoutSeconds),
                     ("periodSeconds", probe.PeriodSeconds), ("successThreshold", probe.SuccessThreshold), ("failureThreshold", probe.FailureThreshold) })
        {
            if (value is < 0)
            {
                errors.Add(FieldError.Invalid(path.Child(field), value.Value, "must be greater than or equal to 0"));
            }
        }

        if (mustSucceedOnce && probe.SuccessThreshold is { } st and not 1)
        {
            errors.Add(FieldError.Invalid(path.Child("successThreshold"), st, "must be 1"));
        }

        if (probe.HttpGet is { } http)
        {
            ValidatePortNumOrName(http.Port, path.Child("httpGet").Child("port"), errors);
            if (!string.IsNullOrEmpty(http.Scheme) && !Schemes.Contains(http.Scheme))
            {
                errors.Add(FieldError.NotSupported(path.Child("httpGet").Child("scheme"), http.Scheme, Schemes));
            }
        }

        if (probe.TcpSocket is { } tcp)
        {
            ValidatePortNumOrName(tcp.Port, path.Child("tcpSocket").Child("port"), errors);
        }
    }

    public static void ValidatePortNumOrName(IntOrString? port, FieldPath path, List<FieldError> errors)
    {
        var value = port?.Value ?? "";
        if (int.TryParse(value, out var n))
        {
            foreach (var msg in NameValidation.IsValidPortNum(n))
            {
                errors.Add(FieldError.Invalid(path, n, msg));
            }
        }
        else if (value.Length == 0)
        {
            errors.Add(FieldError.Required(path, ""));
        }
        else
        {
            foreach (var msg in NameValidation.IsValidPortName(value))
            {
                errors.Add(FieldError.Invalid(path, value, msg));
            }
        }
    }

    private static void ValidateTolerations(IList<V1Toleration>? tolerations, FieldPath path, List<FieldError> errors)
    {
        for (var i = 0; i < (tolerations?.Count ?? 0); i++)
        {
            var t = tolerations![i];
            var idx = path.Index(i);
            if (!string.IsNullOrEmpty(t.Key))
            {
                foreach (var msg in NameValidation.IsQualifiedName(t.Key))
                {
                    errors.Add(FieldError.Invalid(idx.Child("key"), t.Key, msg));
                }
            }

            if (string.IsNullOrEmpty(t.Key) && t.OperatorProperty != "Exists")
            {
                errors.Add(FieldError.Invalid(idx.Child("operator"), t.OperatorProperty ?? "", "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
            }

            if (!string.IsNullOrEmpty(t.OperatorProperty) && !TolerationOperators.Contains(t.OperatorProperty))
            {
                errors.Add(FieldError.NotSupported(idx.Child("operator"), t.OperatorProperty, TolerationOperators));
            }
            else if (t.OperatorProperty == "Exists" && !string.IsNullOrEmpty(t.Value))
            {
                errors.Add(FieldError.Invalid(idx.Child("operator"), t.Value, "value must be empty when `operator` is 'Exists'"));
            }

            if (!string.IsNullOrEmpty(t.Effect) && !TaintEffects.Contains(t.Effect))
            {
                errors.Add(FieldError.NotSupported(idx.Child("effect"), t.Effect, TaintEffects));
            }
        }
    }
}
