using System.Net;
using System.Net.Sockets;

namespace KubeSharp.ApiServer.Registry.Services;

/// <summary>An IPv4 service CIDR such as 10.43.0.0/16; the network and broadcast addresses are never handed out.</summary>
internal sealed class ServiceIpRange
{
    private readonly uint _network;

    public ServiceIpRange(string cidr)
    {
        var parts = cidr.Split('/');
        if (parts.Length != 2 || !IPAddress.TryParse(parts[0], out var ip) || ip.AddressFamily != AddressFamily.InterNetwork
            || !int.TryParse(parts[1], out var bits) || bits is < 8 or > 30)
        {
            throw new ArgumentException($"invalid service CIDR {cidr}: an IPv4 CIDR from /8 to /30 is required", nameof(cidr));
        }

        Cidr = cidr;
        var mask = bits == 0 ? 0u : uint.MaxValue << (32 - bits);
        _network = ToUInt(ip) & mask;
        Size = (1u << (32 - bits)) - 2;
    }

    public string Cidr { get; }

    /// <summary>How many addresses can be allocated.</summary>
    public uint Size { get; }

    /// <summary>The address at an offset (0 is the first usable, network+1).</summary>
    public IPAddress At(uint offset) => FromUInt(_network + 1 + offset);

    public bool Contains(IPAddress ip, out uint offset)
    {
        offset = 0;
        if (ip.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        var v = ToUInt(ip);
        if (v <= _network || v > _network + Size)
        {
            return false;
        }

        offset = v - _network - 1;
        return true;
    }

    private static uint ToUInt(IPAddress ip)
    {
        var b = ip.GetAddressBytes();
        return ((uint)b[0] << 24) | ((uint)b[1] << 16) | ((uint)b[2] << 8) | b[3];
    }

    private static IPAddress FromUInt(uint v) => new([(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v]);
}
