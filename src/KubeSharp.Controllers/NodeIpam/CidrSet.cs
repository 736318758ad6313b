using System.Collections;
using System.Net;
using System.Net.Sockets;
using System.Numerics;

namespace KubeSharp.Controllers.NodeIpam;

/// <summary>
/// The node CIDRs of one cluster CIDR (upstream's cidrset): the cluster range cut into equal subnets of
/// <c>nodeMaskSize</c> bits, each free or taken. Allocation takes the next free subnet after the last one given,
/// wrapping around, so a released subnet is not handed out again at once.
/// </summary>
internal sealed class CidrSet
{
    private readonly IPNetwork _cluster;
    private readonly int _nodeMaskSize;
    private readonly int _addressBits;
    private readonly BitArray _used;
    private int _next;

    public CidrSet(IPNetwork cluster, int nodeMaskSize)
    {
        _addressBits = cluster.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (nodeMaskSize < cluster.PrefixLength || nodeMaskSize > _addressBits)
        {
            throw new ArgumentOutOfRangeException(nameof(nodeMaskSize), $"node CIDR mask size {nodeMaskSize} must be within /{cluster.PrefixLength}../{_addressBits}");
        }

        if (nodeMaskSize - cluster.PrefixLength > 16)
        {
            // As upstream: a cluster CIDR may hold at most 2^16 node CIDRs.
            throw new ArgumentOutOfRangeException(nameof(nodeMaskSize), "the cluster CIDR holds more than 65536 node CIDRs");
        }

        _cluster = cluster;
        _nodeMaskSize = nodeMaskSize;
        Capacity = 1 << (nodeMaskSize - cluster.PrefixLength);
        _used = new BitArray(Capacity);
    }

    public int Capacity { get; }

    public int Allocated { get; private set; }

    /// <summary>The next free node CIDR, or null when the cluster CIDR is full.</summary>
    public IPNetwork? Allocate()
    {
        for (var i = 0; i < Capacity; i++)
        {
            var candidate = (_next + i) % Capacity;
            if (!_used[candidate])
            {
                _used[candidate] = true;
                Allocated++;
                _next = (candidate + 1) % Capacity;
                return At(candidate);
            }
        }

        return null;
    }

    /// <summary>Marks a node CIDR taken (one a node already had); false when it is not a node CIDR of this set.</summary>
    public bool Occupy(IPNetwork cidr)
    {
        if (IndexOf(cidr) is not { } index)
        {
            return false;
        }

        if (!_used[index])
        {
            _used[index] = true;
            Allocated++;
        }

        return true;
    }

    public void Release(IPNetwork cidr)
    {
        if (IndexOf(cidr) is { } index && _used[index])
        {
            _used[index] = false;
            Allocated--;
        }
    }

    private IPNetwork At(int index)
    {
        var offset = (BigInteger)index << (_addressBits - _nodeMaskSize);
        var bytes = _cluster.BaseAddress.GetAddressBytes();
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true) + offset;
        var result = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var padded = new byte[bytes.Length];
        result.CopyTo(padded, padded.Length - result.Length);
        return new IPNetwork(new IPAddress(padded), _nodeMaskSize);
    }

    private int? IndexOf(IPNetwork cidr)
    {
        if (cidr.PrefixLength != _nodeMaskSize || !_cluster.Contains(cidr.BaseAddress))
        {
            return null;
        }

        var baseValue = new BigInteger(_cluster.BaseAddress.GetAddressBytes(), isUnsigned: true, isBigEndian: true);
        var value = new BigInteger(cidr.BaseAddress.GetAddressBytes(), isUnsigned: true, isBigEndian: true);
        return (int)((value - baseValue) >> (_addressBits - _nodeMaskSize));
    }
}
