using k8s;

namespace KubeSharp.Controllers.Common;

/// <summary>Deep copies of typed models (planners never mutate the objects they are given, like listers' caches).</summary>
internal static class ModelCopy
{
    public static T Clone<T>(T value)
        where T : class
        => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(value));
}
