using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Objects;
using KubeSharp.Storage;

namespace KubeSharp.ApiServer.Registry.Services;

/// <summary>
/// Allocates Services' cluster IPs and node ports. Each allocation is a key created in the store
/// (/registry/ranges/serviceips/IP, /registry/ranges/servicenodeports/PORT), so the store's create-if-absent is the lock:
/// no address or port is ever handed out twice, even with several API servers on one etcd (the idea of upstream's
/// IPAddress objects).
/// </summary>
internal sealed class ServiceAllocator(IStore store, ServiceIpRange ipRange, (int First, int Last) nodePorts) : RegistryHooks
{
    private const string IpPrefix = "/registry/ranges/serviceips/";
    private const string PortPrefix = "/registry/ranges/servicenodeports/";

    public override async Task BeforeCreateAsync(JsonObject obj, bool dryRun, CancellationToken cancellationToken)
    {
        var taken = new List<string>();
        try
        {
            await AllocateIpAsync(obj, taken, dryRun, cancellationToken).ConfigureAwait(false);
            await AllocateNodePortsAsync(obj, null, taken, dryRun, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await ReleaseAsync(taken).ConfigureAwait(false);
            throw;
        }
    }

    public override Task CreateFailedAsync(JsonObject obj, CancellationToken cancellationToken) => ReleaseAsync(KeysOf(obj));

    public override async Task<Func<CancellationToken, Task>?> BeforeUpdateAsync(JsonObject obj, JsonObject old, bool dryRun, CancellationToken cancellationToken)
    {
        var taken = new List<string>();
        try
        {
            var spec = obj["spec"] as JsonObject;
            if (string.IsNullOrEmpty(Meta.GetString(spec, "clusterIP")) && Meta.GetString(spec, "type") != "ExternalName")
            {
                await AllocateIpAsync(obj, taken, dryRun, cancellationToken).ConfigureAwait(false);
            }

            await AllocateNodePortsAsync(obj, old, taken, dryRun, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await ReleaseAsync(taken).ConfigureAwait(false);
            throw;
        }

        var stale = KeysOf(old).Except(KeysOf(obj)).ToList();
        return stale.Count == 0 || dryRun ? null : _ => ReleaseAsync(stale);
    }

    public override Task AfterDeleteAsync(JsonObject obj, CancellationToken cancellationToken) => ReleaseAsync(KeysOf(obj));

    private async Task AllocateIpAsync(JsonObject obj, List<string> taken, bool dryRun, CancellationToken cancellationToken)
    {
        var spec = obj["spec"] as JsonObject ?? new JsonObject();
        obj["spec"] = spec;
        if (Meta.GetString(spec, "type") == "ExternalName")
        {
            return;
        }

        var requested = Meta.GetString(spec, "clusterIP") ?? (spec["clusterIPs"] as JsonArray)?.FirstOrDefault()?.GetValue<string>();
        if (requested == "None")
        {
            spec["clusterIPs"] = new JsonArray("None");
            return;
        }

        var owner = Encoding.UTF8.GetBytes(Meta.Namespace(obj) + "/" + Meta.Name(obj));
        if (!string.IsNullOrEmpty(requested))
        {
            if (!IPAddress.TryParse(requested, out var ip) || !ipRange.Contains(ip, out _))
            {
                throw Invalid(obj, FieldError.Invalid("spec.clusterIPs[0]", requested,
                    $"provided IP is not in the valid range. The range of valid IPs is {ipRange.Cidr}"));
            }

            if (!dryRun)
            {
                try
                {
                    await store.CreateAsync(IpPrefix + ip, owner, cancellationToken).ConfigureAwait(false);
                    taken.Add(IpPrefix + ip);
                }
                catch (StoreKeyExistsException)
                {
                    throw Invalid(obj, FieldError.Invalid("spec.clusterIPs[0]", requested, "provided IP is already allocated"));
                }
            }

            SetIp(spec, ip.ToString());
            return;
        }

        // Start at a random offset and probe forward, skipping the first address (reserved for the kubernetes Service).
        var start = (uint)Random.Shared.NextInt64(1, ipRange.Size);
        for (uint i = 0; i < ipRange.Size - 1; i++)
        {
            var offset = 1 + ((start - 1 + i) % (ipRange.Size - 1));
            var candidate = ipRange.At(offset).ToString();
            if (dryRun)
            {
                if (await store.GetAsync(IpPrefix + candidate, cancellationToken).ConfigureAwait(false) is null)
                {
                    SetIp(spec, candidate);
                    return;
                }

                continue;
            }

            try
            {
                await store.CreateAsync(IpPrefix + candidate, owner, cancellationToken).ConfigureAwait(false);
                taken.Add(IpPrefix + candidate);
                SetIp(spec, candidate);
                return;
            }
            catch (StoreKeyExistsException)
            {
            }
        }

        throw ApiException.Internal("failed to allocate a serviceIP: range is full");
    }

    private async Task AllocateNodePortsAsync(JsonObject obj, JsonObject? old, List<string> taken, bool dryRun, CancellationToken cancellationToken)
    {
        var spec = obj["spec"] as JsonObject;
        var type = Meta.GetString(spec, "type");
        var wantsNodePorts = type == "NodePort" || (type == "LoadBalancer" && spec?["allocateLoadBalancerNodePorts"]?.GetValue<bool>() != false);
        if (spec?["ports"] is not JsonArray ports)
        {
            return;
        }

        var owned = old is null ? [] : NodePortsOf(old).ToHashSet();
        var owner = Encoding.UTF8.GetBytes(Meta.Namespace(obj) + "/" + Meta.Name(obj));
        for (var i = 0; i < ports.Count; i++)
        {
            if (ports[i] is not JsonObject port)
            {
                continue;
            }

            var requested = Meta.GetLong(port, "nodePort");
            if (!wantsNodePorts)
            {
                continue;
            }

            if (requested is { } p && p != 0)
            {
                if (p < nodePorts.First || p > nodePorts.Last)
                {
                    throw Invalid(obj, FieldError.Invalid($"spec.ports[{i}].nodePort", p,
                        $"provided port is not in the valid range. The range of valid ports is {nodePorts.First}-{nodePorts.Last}"));
                }

                if (owned.Contains((int)p) || dryRun)
                {
                    continue;
                }

                try
                {
                    await store.CreateAsync(PortPrefix + p, owner, cancellationToken).ConfigureAwait(false);
                    taken.Add(PortPrefix + p);
                    owned.Add((int)p);
                }
                catch (StoreKeyExistsException)
                {
                    throw Invalid(obj, FieldError.Invalid($"spec.ports[{i}].nodePort", p, "provided port is already allocated"));
                }

                continue;
            }

            var count = nodePorts.Last - nodePorts.First + 1;
            var start = Random.Shared.Next(count);
            var allocated = false;
            for (var j = 0; j < count && !allocated; j++)
            {
                var candidate = nodePorts.First + ((start + j) % count);
                if (owned.Contains(candidate))
                {
                    continue;
                }

                if (dryRun)
                {
                    allocated = await store.GetAsync(PortPrefix + candidate, cancellationToken).ConfigureAwait(false) is null;
                }
                else
                {
                    try
                    {
                        await store.CreateAsync(PortPrefix + candidate, owner, cancellationToken).ConfigureAwait(false);
                        taken.Add(PortPrefix + candidate);
                        allocated = true;
                    }
                    catch (StoreKeyExistsException)
                    {
                    }
                }

                if (allocated)
                {
                    port["nodePort"] = candidate;
                    owned.Add(candidate);
                }
            }

            if (!allocated)
            {
                throw ApiException.Internal("failed to allocate a nodePort: range is full");
            }
        }
    }

    private static void SetIp(JsonObject spec, string ip)
    {
        spec["clusterIP"] = ip;
        spec["clusterIPs"] = new JsonArray(ip);
    }

    private static IEnumerable<int> NodePortsOf(JsonObject obj) =>
        ((obj["spec"] as JsonObject)?["ports"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(p => Meta.GetLong(p, "nodePort")).Where(p => p is > 0).Select(p => (int)p!.Value);

    private static IEnumerable<string> KeysOf(JsonObject obj)
    {
        var ip = Meta.GetString(obj["spec"] as JsonObject, "clusterIP");
        if (!string.IsNullOrEmpty(ip) && ip != "None")
        {
            yield return IpPrefix + ip;
        }

        foreach (var p in NodePortsOf(obj))
        {
            yield return PortPrefix + p.ToString(CultureInfo.InvariantCulture);
        }
    }

    private async Task ReleaseAsync(IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            try
            {
                await store.DeleteAsync(key, 0, CancellationToken.None).ConfigureAwait(false);
            }
            catch (StoreKeyNotFoundException)
            {
            }
        }
    }

    private static ApiException Invalid(JsonObject obj, FieldError error) => ApiException.Invalid("", "Service", Meta.Name(obj), [error]);
}
