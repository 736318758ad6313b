using k8s.Models;

namespace KubeSharp.Controllers.Common;

/// <summary>Pods made from a controller's template (upstream GetPodFromTemplate).</summary>
internal static class PodTemplates
{
    /// <summary>
    /// A pod with the template's labels, annotations, finalizers and spec, generateName "&lt;owner&gt;-", the
    /// owner's namespace and the controller reference.
    /// </summary>
    public static V1Pod NewPod(V1PodTemplateSpec template, V1ObjectMeta owner, V1OwnerReference controllerRef)
    {
        var copy = ModelCopy.Clone(template);
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                GenerateName = owner.Name + "-",
                NamespaceProperty = owner.NamespaceProperty,
                Labels = copy.Metadata?.Labels is { } l ? new Dictionary<string, string>(l) : null,
                Annotations = copy.Metadata?.Annotations is { } a ? new Dictionary<string, string>(a) : null,
                Finalizers = copy.Metadata?.Finalizers is { } f ? [.. f] : null,
                OwnerReferences = [controllerRef],
            },
            Spec = copy.Spec,
        };
    }
}
