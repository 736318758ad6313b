using k8s.Models;

namespace KubeSharp.Scheduler.Framework;

/// <summary>A vector of compute resources, as upstream's framework.Resource (cpu in millicores, the rest in units).</summary>
internal sealed class Resource
{
    public long MilliCpu { get; set; }

    public long Memory { get; set; }

    public long EphemeralStorage { get; set; }

    public int AllowedPodNumber { get; set; }

    public Dictionary<string, long>? Scalar { get; private set; }

    public bool IsZero => MilliCpu == 0 && Memory == 0 && EphemeralStorage == 0 && (Scalar is null || Scalar.Count == 0);

    public long GetScalar(string name) => Scalar is not null && Scalar.TryGetValue(name, out var v) ? v : 0;

    public void SetScalar(string name, long value) => (Scalar ??= new(StringComparer.Ordinal))[name] = value;

    public void Add(IDictionary<string, ResourceQuantity>? list)
    {
        if (list is null)
        {
            return;
        }
        foreach (var (name, quantity) in list)
        {
            switch (name)
            {
                case "cpu":
                    MilliCpu += Quantities.MilliValue(quantity);
                    break;
                case "memory":
                    Memory += Quantities.Value(quantity);
                    break;
                case "ephemeral-storage":
                    EphemeralStorage += Quantities.Value(quantity);
                    break;
                case "pods":
                    AllowedPodNumber += (int)Quantities.Value(quantity);
                    break;
                default:
                    if (Quantities.IsScalarResourceName(name))
                    {
                        SetScalar(name, GetScalar(name) + Quantities.Value(quantity));
                    }
                    break;
            }
        }
    }

    public void Add(Resource other, int sign = 1)
    {
        MilliCpu += sign * other.MilliCpu;
        Memory += sign * other.Memory;
        EphemeralStorage += sign * other.EphemeralStorage;
        if (other.Scalar is not null)
        {
            foreach (var (name, value) in other.Scalar)
            {
                SetScalar(name, GetScalar(name) + (sign * value));
            }
        }
    }

    public void SetMax(Resource other)
    {
        MilliCpu = Math.Max(MilliCpu, other.MilliCpu);
        Memory = Math.Max(Memory, other.Memory);
        EphemeralStorage = Math.Max(EphemeralStorage, other.EphemeralStorage);
        if (other.Scalar is not null)
        {
            foreach (var (name, value) in other.Scalar)
            {
                SetScalar(name, Math.Max(GetScalar(name), value));
            }
        }
    }

    public Resource Clone()
    {
        var copy = new Resource
        {
            MilliCpu = MilliCpu,
            Memory = Memory,
            EphemeralStorage = EphemeralStorage,
            AllowedPodNumber = AllowedPodNumber,
        };
        if (Scalar is not null)
        {
            copy.Scalar = new Dictionary<string, long>(Scalar, StringComparer.Ordinal);
        }
        return copy;
    }
}
