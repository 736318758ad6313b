using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace KubeSharp.Controllers.Common;

/// <summary>
/// The API writes that the controllers keeping ControllerRevisions (DaemonSet, StatefulSet) share: adopting or releasing
/// pods, creating a revision (detecting hash collisions), renumbering a rolled-back revision, deleting an old one.
/// </summary>
internal static class RevisionWrites
{
    /// <summary>Sets a pod's ownerReferences; the uid and resourceVersion make it fail (404/409) if the pod was replaced or changed meanwhile.</summary>
    public static async Task PatchPodOwnerReferencesAsync(IKubernetes client, V1Pod pod, IList<V1OwnerReference> ownerReferences,
        CancellationToken cancellationToken)
    {
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["uid"] = pod.Metadata.Uid,
                ["resourceVersion"] = pod.Metadata.ResourceVersion,
                ["ownerReferences"] = JsonNode.Parse(KubernetesJson.Serialize(ownerReferences)),
            },
        };
        try
        {
            await client.CoreV1.PatchNamespacedPodAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch),
                pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    /// <summary>
    /// Creates <paramref name="revision"/>. If its name is taken by another template (a hash collision), calls
    /// <paramref name="bumpCollisionCountAsync"/> with the owner's next collisionCount so that the next sync hashes to another
    /// name (upstream does the same), and fails this sync.
    /// </summary>
    public static async Task CreateRevisionAsync(IKubernetes client, V1ObjectMeta owner, V1PodTemplateSpec template, int? collisionCount,
        V1ControllerRevision revision, Func<int, Task> bumpCollisionCountAsync, CancellationToken cancellationToken)
    {
        try
        {
            await client.AppsV1.CreateNamespacedControllerRevisionAsync(revision, revision.Metadata.NamespaceProperty, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.Conflict)
        {
            var existing = await client.AppsV1.ReadNamespacedControllerRevisionAsync(revision.Metadata.Name, revision.Metadata.NamespaceProperty,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            var existingTemplate = ControllerRevisions.TemplateOf(existing);
            if (ControllerRefs.IsControlledBy(existing.Metadata, owner.Uid) && existingTemplate is not null
                && CanonicalJson.Serialize(existingTemplate) == CanonicalJson.Serialize(template))
            {
                return;
            }

            var count = (collisionCount ?? 0) + 1;
            await bumpCollisionCountAsync(count).ConfigureAwait(false);
            throw new InvalidOperationException($"ControllerRevision {revision.Metadata.Name} exists with another template; collisionCount is now {count}.", e);
        }
    }

    /// <summary>
    /// A template that returns to an older revision (rollout undo) makes that revision the newest, as upstream does, so that
    /// rollout history lists it last.
    /// </summary>
    public static async Task RenumberRolledBackRevisionAsync(IKubernetes client, V1PodTemplateSpec template, IReadOnlyList<V1ControllerRevision> revisions,
        CancellationToken cancellationToken)
    {
        var current = ControllerRevisions.FindEqual(revisions, template);
        var next = ControllerRevisions.NextRevision(revisions);
        if (current is null || current.Revision == next - 1)
        {
            return;
        }

        var patch = new JsonObject { ["revision"] = next, ["metadata"] = new JsonObject { ["resourceVersion"] = current.Metadata.ResourceVersion } };
        try
        {
            await client.AppsV1.PatchNamespacedControllerRevisionAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch),
                current.Metadata.Name, current.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // The cache was behind; the revision's watch event brings this owner back.
        }
    }

    public static async Task DeleteRevisionAsync(IKubernetes client, V1ControllerRevision revision, CancellationToken cancellationToken)
    {
        try
        {
            await client.AppsV1.DeleteNamespacedControllerRevisionAsync(revision.Metadata.Name, revision.Metadata.NamespaceProperty,
                new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = revision.Metadata.Uid } }, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
        }
    }
}
