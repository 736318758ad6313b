using System.Text.Json.Nodes;
using KubeSharp.ApiServer.Registry.Validation;

namespace KubeSharp.ApiServer.Registry.Strategies.Pods;

/// <summary>
/// upstream's core/v1 defaults for a PodSpec (SetDefaults_PodSpec, _Container, _ContainerPort, _Probe, _HTTPGetAction,
/// _Volume and the volume sources), shared by Pods and every workload's pod template. Works on the JSON.
/// </summary>
internal static class PodSpecDefaults
{
    private const int DefaultFileMode = 420; // 0644

    /// <summary>Defaults for a bare Pod: the spec's, plus what SetDefaults_Pod adds only to Pods (not templates).</summary>
    public static void ApplyToPod(JsonObject pod)
    {
        if (JsonFields.EnsureObj(pod, "spec") is not { } spec)
        {
            return;
        }

        Apply(spec);
        JsonFields.Default(spec, "enableServiceLinks", true);
        foreach (var c in AllContainers(spec))
        {
            DefaultRequestsToLimits(c);
        }
    }

    /// <summary>Defaults a template's spec (spec.template.spec); creates it when absent as the decoder would.</summary>
    public static void ApplyToTemplate(JsonObject? template)
    {
        if (template is not null && JsonFields.EnsureObj(template, "spec") is { } spec)
        {
            Apply(spec);
        }
    }

    public static void Apply(JsonObject spec)
    {
        JsonFields.DefaultString(spec, "dnsPolicy", "ClusterFirst");
        JsonFields.DefaultString(spec, "restartPolicy", "Always");
        JsonFields.Default(spec, "securityContext", new JsonObject());
        JsonFields.Default(spec, "terminationGracePeriodSeconds", 30);
        JsonFields.DefaultString(spec, "schedulerName", "default-scheduler");
        if (JsonFields.Bool(spec, "hostNetwork") == true)
        {
            foreach (var c in AllContainers(spec))
            {
                foreach (var port in JsonFields.Objects(JsonFields.Arr(c, "ports")))
                {
                    if (JsonFields.Long(port, "hostPort") is null or 0 && port["containerPort"] is { } cp)
                    {
                        port["hostPort"] = cp.DeepClone();
                    }
                }
            }
        }

        foreach (var c in AllContainers(spec))
        {
            ApplyToContainer(c);
        }

        foreach (var c in JsonFields.Objects(JsonFields.Arr(spec, "ephemeralContainers")))
        {
            ApplyToContainer(c);
        }

        foreach (var v in JsonFields.Objects(JsonFields.Arr(spec, "volumes")))
        {
            ApplyToVolume(v);
        }
    }

    public static IEnumerable<JsonObject> AllContainers(JsonObject spec) =>
        JsonFields.Objects(JsonFields.Arr(spec, "initContainers")).Concat(JsonFields.Objects(JsonFields.Arr(spec, "containers")));

    private static void ApplyToContainer(JsonObject c)
    {
        if (string.IsNullOrEmpty(JsonFields.Str(c, "imagePullPolicy")))
        {
            c["imagePullPolicy"] = ImageTag(JsonFields.Str(c, "image") ?? "") == "latest" ? "Always" : "IfNotPresent";
        }

        JsonFields.DefaultString(c, "terminationMessagePath", "/dev/termination-log");
        JsonFields.DefaultString(c, "terminationMessagePolicy", "File");
        foreach (var port in JsonFields.Objects(JsonFields.Arr(c, "ports")))
        {
            JsonFields.DefaultString(port, "protocol", "TCP");
        }

        foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
        {
            if (JsonFields.Obj(c, probe) is { } p)
            {
                JsonFields.Default(p, "timeoutSeconds", 1);
                JsonFields.Default(p, "periodSeconds", 10);
                JsonFields.Default(p, "successThreshold", 1);
                JsonFields.Default(p, "failureThreshold", 3);
                ApplyToHandler(p);
            }
        }

        if (JsonFields.Obj(c, "lifecycle") is { } lifecycle)
        {
            ApplyToHandler(JsonFields.Obj(lifecycle, "postStart"));
            ApplyToHandler(JsonFields.Obj(lifecycle, "preStop"));
        }

        foreach (var env in JsonFields.Objects(JsonFields.Arr(c, "env")))
        {
            if (JsonFields.Obj(JsonFields.Obj(env, "valueFrom"), "fieldRef") is { } fieldRef)
            {
                JsonFields.DefaultString(fieldRef, "apiVersion", "v1");
            }
        }
    }

    private static void ApplyToHandler(JsonObject? handler)
    {
        if (JsonFields.Obj(handler, "httpGet") is { } http)
        {
            JsonFields.DefaultString(http, "path", "/");
            JsonFields.DefaultString(http, "scheme", "HTTP");
        }

        if (JsonFields.Obj(handler, "grpc") is { } grpc)
        {
            JsonFields.Default(grpc, "service", "");
        }
    }

    private static void ApplyToVolume(JsonObject v)
    {
        // A volume with no source is an emptyDir (SetDefaults_Volume).
        if (!v.Any(kv => kv.Key != "name" && kv.Value is not null))
        {
            v["emptyDir"] = new JsonObject();
        }

        foreach (var (source, modeField) in new[] { ("secret", "defaultMode"), ("configMap", "defaultMode"), ("downwardAPI", "defaultMode"), ("projected", "defaultMode") })
        {
            if (JsonFields.Obj(v, source) is { } s)
            {
                JsonFields.Default(s, modeField, DefaultFileMode);
            }
        }

        foreach (var item in JsonFields.Objects(JsonFields.Arr(JsonFields.Obj(v, "downwardAPI"), "items")))
        {
            if (JsonFields.Obj(item, "fieldRef") is { } fieldRef)
            {
                JsonFields.DefaultString(fieldRef, "apiVersion", "v1");
            }
        }

        foreach (var src in JsonFields.Objects(JsonFields.Arr(JsonFields.Obj(v, "projected"), "sources")))
        {
            if (JsonFields.Obj(src, "serviceAccountToken") is { } token)
            {
                JsonFields.Default(token, "expirationSeconds", 3600);
            }

            foreach (var item in JsonFields.Objects(JsonFields.Arr(JsonFields.Obj(src, "downwardAPI"), "items")))
            {
                if (JsonFields.Obj(item, "fieldRef") is { } fieldRef)
                {
                    JsonFields.DefaultString(fieldRef, "apiVersion", "v1");
                }
            }
        }

        if (JsonFields.Obj(v, "hostPath") is { } hostPath)
        {
            JsonFields.Default(hostPath, "type", "");
        }

        if (JsonFields.Obj(JsonFields.Obj(JsonFields.Obj(v, "ephemeral"), "volumeClaimTemplate"), "spec") is { } claimSpec)
        {
            JsonFields.DefaultString(claimSpec, "volumeMode", "Filesystem");
        }

        if (JsonFields.Obj(v, "iscsi") is { } iscsi)
        {
            JsonFields.DefaultString(iscsi, "iscsiInterface", "default");
        }
    }

    /// <summary>SetDefaults_Pod: a resource with a limit but no request gets the limit as its request.</summary>
    private static void DefaultRequestsToLimits(JsonObject container)
    {
        if (JsonFields.Obj(JsonFields.Obj(container, "resources"), "limits") is not { Count: > 0 } limits)
        {
            return;
        }

        if (JsonFields.EnsureObj((JsonObject)container["resources"]!, "requests") is not { } requests)
        {
            return;
        }

        foreach (var (name, value) in limits)
        {
            if (!requests.ContainsKey(name) && value is not null)
            {
                requests[name] = value.DeepClone();
            }
        }
    }

    /// <summary>The tag of an image reference as the docker parser reads it: "latest" when neither tag nor digest is given.</summary>
    public static string ImageTag(string image)
    {
        if (image.Length == 0)
        {
            return "";
        }

        var at = image.IndexOf('@', StringComparison.Ordinal);
        var hasDigest = at >= 0;
        var name = hasDigest ? image[..at] : image;
        var lastSlash = name.LastIndexOf('/');
        var colon = name.IndexOf(':', lastSlash + 1);
        if (colon >= 0)
        {
            return name[(colon + 1)..];
        }

        return hasDigest ? "" : "latest";
    }
}
