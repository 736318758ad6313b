using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace KubeSharp.Controllers.Common;

/// <summary>
/// ControllerRevisions as pkg/controller/history keeps them for DaemonSets and StatefulSets: one per distinct
/// pod template, named "&lt;owner&gt;-&lt;hash&gt;", labelled controller-revision-hash, its data the template patch.
/// </summary>
internal static class ControllerRevisions
{
    public const string HashLabel = "controller-revision-hash";

    public static string Hash(V1PodTemplateSpec template, int? collisionCount) => PodTemplateHash.Compute(template, collisionCount);

    /// <summary>The revision whose stored template equals <paramref name="template"/>.</summary>
    public static V1ControllerRevision? FindEqual(IEnumerable<V1ControllerRevision> revisions, V1PodTemplateSpec template)
    {
        var wanted = CanonicalJson.Serialize(template);
        return revisions.Where(r => TemplateOf(r) is { } t && CanonicalJson.Serialize(t) == wanted).MaxBy(r => r.Revision);
    }

    public static V1PodTemplateSpec? TemplateOf(V1ControllerRevision revision)
    {
        var data = revision.Data switch
        {
            JsonNode node => node,
            System.Text.Json.JsonElement element => JsonNode.Parse(element.GetRawText()),
            null => null,
            var other => JsonNode.Parse(KubernetesJson.Serialize(other)),
        };
        var template = data?["spec"]?["template"]?.DeepClone();
        if (template is JsonObject obj)
        {
            obj.Remove("$patch");
            return KubernetesJson.Deserialize<V1PodTemplateSpec>(obj.ToJsonString());
        }

        return null;
    }

    public static V1ControllerRevision New(V1ObjectMeta owner, V1OwnerReference controllerRef, V1PodTemplateSpec template, string hash, long revision)
    {
        var templateNode = JsonNode.Parse(KubernetesJson.Serialize(template))!.AsObject();
        templateNode["$patch"] = "replace";
        var labels = new Dictionary<string, string>(template.Metadata?.Labels ?? new Dictionary<string, string>()) { [HashLabel] = hash };
        return new V1ControllerRevision
        {
            ApiVersion = "apps/v1",
            Kind = "ControllerRevision",
            Metadata = new V1ObjectMeta
            {
                Name = $"{owner.Name}-{hash}",
                NamespaceProperty = owner.NamespaceProperty,
                Labels = labels,
                OwnerReferences = [controllerRef],
            },
            Data = new JsonObject { ["spec"] = new JsonObject { ["template"] = templateNode } },
            Revision = revision,
        };
    }

    public static long NextRevision(IEnumerable<V1ControllerRevision> revisions)
        => revisions.Select(r => r.Revision ?? 0).DefaultIfEmpty(0).Max() + 1;

    public static string HashOf(V1ControllerRevision revision)
        => Maps.Get(revision.Metadata.Labels, HashLabel) ?? revision.Metadata.Name[(revision.Metadata.Name.LastIndexOf('-') + 1)..];

    /// <summary>Old revisions beyond the history limit not used by any live pod, oldest first.</summary>
    public static IReadOnlyList<V1ControllerRevision> ToDelete(IReadOnlyList<V1ControllerRevision> revisions, ISet<string> liveHashes, int limit)
    {
        var unused = revisions.Where(r => !liveHashes.Contains(HashOf(r))).OrderBy(r => r.Revision).ToList();
        var excess = unused.Count - limit;
        return excess > 0 ? unused.Take(excess).ToList() : [];
    }
}
