using k8s;
using k8s.Models;
using KubeSharp.Client;

namespace KubeSharp.Controllers.Common;

/// <summary>Controller references (ownerReferences with controller=true), adoption and release.</summary>
internal static class ControllerRefs
{
    public static V1OwnerReference? GetControllerOf(V1ObjectMeta? meta)
        => meta?.OwnerReferences?.FirstOrDefault(r => r.Controller == true);

    /// <summary>The owners in an orphan pod's namespace whose selector matches it: they may adopt it. None for an owned or terminating pod.</summary>
    public static IEnumerable<T> OwnersSelectingOrphan<T>(Indexer<T> owners, V1Pod pod, Func<T, V1LabelSelector?> selectorOf)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        GetControllerOf(pod.Metadata) is not null || pod.Metadata.DeletionTimestamp is not null
            ? []
            : owners.ByIndex(Indexes.Namespace, pod.Metadata.NamespaceProperty ?? "").Where(o => LabelSelectors.Matches(selectorOf(o), pod.Metadata.Labels));

    /// <summary>
    /// The cached owner a controller reference points at (upstream resolveControllerRef): same kind, found by name in the
    /// namespace, and the same UID — a recreated owner of the same name is not the one referenced.
    /// </summary>
    public static T? Resolve<T>(Indexer<T> owners, string? @namespace, V1OwnerReference? controllerRef, string kind)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        if (controllerRef is null || controllerRef.Kind != kind)
        {
            return null;
        }

        var owner = owners.GetByKey($"{@namespace}/{controllerRef.Name}");
        return owner?.Metadata.Uid == controllerRef.Uid ? owner : null;
    }

    public static bool IsControlledBy(V1ObjectMeta? meta, string ownerUid)
        => GetControllerOf(meta)?.Uid == ownerUid;

    public static V1OwnerReference NewControllerRef(V1ObjectMeta owner, string apiVersion, string kind)
        => new()
        {
            ApiVersion = apiVersion,
            Kind = kind,
            Name = owner.Name,
            Uid = owner.Uid,
            Controller = true,
            BlockOwnerDeletion = true,
        };

    /// <summary>Decides as upstream's ClaimObject; <paramref name="selected"/> says whether the owner's selector matches.</summary>
    public static ClaimAction Decide(V1ObjectMeta owner, V1ObjectMeta candidate, bool selected)
    {
        var controllerRef = GetControllerOf(candidate);
        if (controllerRef is not null)
        {
            if (controllerRef.Uid != owner.Uid)
            {
                return ClaimAction.Ignore;
            }

            if (selected)
            {
                return ClaimAction.Keep;
            }

            // A deleting owner keeps its dependents so that the garbage collector finds them.
            return owner.DeletionTimestamp is null ? ClaimAction.Release : ClaimAction.Ignore;
        }

        if (owner.DeletionTimestamp is not null || !selected || candidate.DeletionTimestamp is not null)
        {
            return ClaimAction.Ignore;
        }

        if (!string.IsNullOrEmpty(owner.NamespaceProperty) && owner.NamespaceProperty != candidate.NamespaceProperty)
        {
            return ClaimAction.Ignore;
        }

        return ClaimAction.Adopt;
    }

    public static ClaimResult<T> Claim<T>(V1ObjectMeta owner, V1LabelSelector? selector, IEnumerable<T> candidates)
        where T : IMetadata<V1ObjectMeta>
    {
        var owned = new List<T>();
        var adopt = new List<T>();
        var release = new List<T>();
        foreach (var candidate in candidates)
        {
            switch (Decide(owner, candidate.Metadata ?? new V1ObjectMeta(), LabelSelectors.Matches(selector, candidate.Metadata?.Labels)))
            {
                case ClaimAction.Keep:
                    owned.Add(candidate);
                    break;
                case ClaimAction.Adopt:
                    owned.Add(candidate);
                    adopt.Add(candidate);
                    break;
                case ClaimAction.Release:
                    release.Add(candidate);
                    break;
            }
        }

        return new ClaimResult<T>(owned, adopt, release);
    }

    /// <summary>The ownerReferences an adoption patch writes: the existing ones plus the controller reference.</summary>
    public static IList<V1OwnerReference> WithControllerRef(V1ObjectMeta candidate, V1OwnerReference controllerRef)
    {
        var refs = (candidate.OwnerReferences ?? []).Where(r => r.Uid != controllerRef.Uid).ToList();
        refs.Add(controllerRef);
        return refs;
    }

    /// <summary>The ownerReferences a release patch writes: all but the owner's.</summary>
    public static IList<V1OwnerReference> WithoutOwner(V1ObjectMeta candidate, string ownerUid)
        => (candidate.OwnerReferences ?? []).Where(r => r.Uid != ownerUid).ToList();
}
