using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using k8s;
using k8s.Models;

namespace KubeSharp.Controllers.Common;

/// <summary>
/// The pod-template-hash label value: FNV-1a (32 bit) of the template's canonical JSON, then the collision count,
/// rendered in decimal through upstream's SafeEncodeString alphabet so it never spells words or looks numeric.
/// </summary>
internal static class PodTemplateHash
{
    public const string LabelKey = "pod-template-hash";

    private const string SafeAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Compute(V1PodTemplateSpec template, int? collisionCount)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(CanonicalJson.Serialize(template)))
        {
            hash = Fnv(hash, b);
        }

        if (collisionCount is int count)
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, unchecked((uint)count));
            foreach (var b in bytes)
            {
                hash = Fnv(hash, b);
            }
        }

        return SafeEncode(hash.ToString(CultureInfo.InvariantCulture));
    }

    public static string SafeEncode(string value)
    {
        var chars = new char[value.Length];
        for (var i = 0; i < value.Length; i++)
        {
            chars[i] = SafeAlphabet[value[i] % SafeAlphabet.Length];
        }

        return new string(chars);
    }

    private static uint Fnv(uint hash, byte b) => unchecked((hash ^ b) * 16777619u);
}
