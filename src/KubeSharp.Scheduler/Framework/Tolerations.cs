using k8s.Models;

namespace KubeSharp.Scheduler.Framework;

/// <summary>Toleration matching, as upstream's v1.Toleration.ToleratesTaint.</summary>
internal static class Tolerations
{
    public static bool Tolerates(V1Toleration toleration, V1Taint taint)
    {
        if (!string.IsNullOrEmpty(toleration.Effect) && toleration.Effect != taint.Effect)
        {
            return false;
        }
        if (!string.IsNullOrEmpty(toleration.Key) && toleration.Key != taint.Key)
        {
            return false;
        }
        return toleration.OperatorProperty switch
        {
            null or "" or "Equal" => (toleration.Value ?? string.Empty) == (taint.Value ?? string.Empty),
            "Exists" => true,
            _ => false,
        };
    }

    public static bool AnyTolerates(IList<V1Toleration>? tolerations, V1Taint taint)
    {
        if (tolerations is null)
        {
            return false;
        }
        foreach (var t in tolerations)
        {
            if (Tolerates(t, taint))
            {
                return true;
            }
        }
        return false;
    }
}
