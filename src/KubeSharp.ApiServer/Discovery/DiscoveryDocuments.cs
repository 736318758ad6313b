using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using KubeSharp.ApiServer.Registry;

namespace KubeSharp.ApiServer.Discovery;

/// <summary>
/// The discovery documents kubectl reads to learn what the server serves: /api, /apis, /apis/{group},
/// /api/v1 and /apis/{group}/{version} (APIResourceList), and the aggregated APIGroupDiscoveryList (v2 and v2beta1).
/// </summary>
internal sealed class DiscoveryDocuments(Func<IReadOnlyList<ResourceInfo>> resources)
{
    public JsonObject ApiVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public JsonObject ApiGroupList() => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray(Groups().Where(g => g.Name.Length > 0).Select(g => (JsonNode)GroupJson(g)).ToArray()),
    };

    public JsonObject? ApiGroup(string group)
    {
        var g = Groups().FirstOrDefault(x => x.Name == group && group.Length > 0);
        if (g is null)
        {
            return null;
        }

        var json = GroupJson(g);
        json["kind"] = "APIGroup";
        json["apiVersion"] = "v1";
        return json;
    }

    public JsonObject? ResourceList(string group, string version)
    {
        var served = resources().Where(r => r.Group == group && r.Versions.Contains(version)).ToList();
        if (served.Count == 0)
        {
            return null;
        }

        var list = new JsonArray();
        foreach (var r in served.OrderBy(r => r.Plural, StringComparer.Ordinal))
        {
            var entry = new JsonObject
            {
                ["name"] = r.Plural,
                ["singularName"] = r.Singular,
                ["namespaced"] = r.Namespaced,
                ["kind"] = r.Kind,
                ["verbs"] = Strings(r.Verbs),
            };
            if (r.ShortNames.Count > 0)
            {
                entry["shortNames"] = Strings(r.ShortNames);
            }

            if (r.Categories.Count > 0)
            {
                entry["categories"] = Strings(r.Categories);
            }

            if (r.Stored)
            {
                entry["storageVersionHash"] = StorageVersionHash(r);
            }

            list.Add(entry);
            foreach (var s in r.Subresources)
            {
                var sub = new JsonObject
                {
                    ["name"] = r.Plural + "/" + s.Name,
                    ["singularName"] = "",
                    ["namespaced"] = r.Namespaced,
                };
                if (s.Group != group || s.Version != version)
                {
                    sub["group"] = s.Group;
                    sub["version"] = s.Version;
                }

                sub["kind"] = s.Kind;
                sub["verbs"] = Strings(s.Verbs);
                list.Add(sub);
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = ResourceInfo.ApiVersionOf(group, version),
            ["resources"] = list,
        };
    }

    /// <summary>The aggregated discovery document: core only (for /api) or every named group (for /apis).</summary>
    public JsonObject Aggregated(bool core, string discoveryVersion)
    {
        var items = new JsonArray();
        foreach (var g in Groups().Where(g => (g.Name.Length == 0) == core))
        {
            var versions = new JsonArray();
            foreach (var v in g.Versions)
            {
                var list = new JsonArray();
                foreach (var r in resources().Where(r => r.Group == g.Name && r.Versions.Contains(v)).OrderBy(r => r.Plural, StringComparer.Ordinal))
                {
                    var entry = new JsonObject
                    {
                        ["resource"] = r.Plural,
                        ["responseKind"] = Gvk(r.Group, v, r.Kind),
                        ["scope"] = r.Namespaced ? "Namespaced" : "Cluster",
                        ["singularResource"] = r.Singular,
                        ["verbs"] = Strings(r.Verbs),
                    };
                    if (r.ShortNames.Count > 0)
                    {
                        entry["shortNames"] = Strings(r.ShortNames);
                    }

                    if (r.Categories.Count > 0)
                    {
                        entry["categories"] = Strings(r.Categories);
                    }

                    if (r.Subresources.Count > 0)
                    {
                        entry["subresources"] = new JsonArray(r.Subresources.Select(s => (JsonNode)new JsonObject
                        {
                            ["subresource"] = s.Name,
                            ["responseKind"] = Gvk(s.Group, s.Version, s.Kind),
                            ["verbs"] = Strings(s.Verbs),
                        }).ToArray());
                    }

                    list.Add(entry);
                }

                versions.Add(new JsonObject { ["version"] = v, ["resources"] = list, ["freshness"] = "Current" });
            }

            var metadata = new JsonObject { ["creationTimestamp"] = null };
            if (g.Name.Length > 0)
            {
                metadata["name"] = g.Name;
            }

            items.Add(new JsonObject { ["metadata"] = metadata, ["versions"] = versions });
        }

        return new JsonObject
        {
            ["kind"] = "APIGroupDiscoveryList",
            ["apiVersion"] = "apidiscovery.k8s.io/" + discoveryVersion,
            ["metadata"] = new JsonObject(),
            ["items"] = items,
        };
    }

    private sealed record GroupVersions(string Name, IReadOnlyList<string> Versions);

    private List<GroupVersions> Groups()
    {
        var all = resources();
        var names = all.Select(r => r.Group).Distinct().ToList();
        var order = BuiltInResources.GroupOrder;
        names.Sort((a, b) =>
        {
            var ia = IndexOf(order, a);
            var ib = IndexOf(order, b);
            return ia != ib ? ia.CompareTo(ib) : string.CompareOrdinal(a, b);
        });
        return names.Select(n =>
        {
            // The preferred version is the one most resources of the group are stored at.
            var versions = all.Where(r => r.Group == n).SelectMany(r => r.Versions.Select((v, i) => (v, i)))
                .GroupBy(x => x.v).OrderBy(x => x.Min(y => y.i)).ThenByDescending(x => x.Count()).Select(x => x.Key).ToList();
            return new GroupVersions(n, versions);
        }).ToList();
    }

    private static int IndexOf(IReadOnlyList<string> order, string group)
    {
        for (var i = 0; i < order.Count; i++)
        {
            if (order[i] == group)
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    private static JsonObject GroupJson(GroupVersions g)
    {
        JsonObject Gv(string v) => new() { ["groupVersion"] = g.Name + "/" + v, ["version"] = v };
        return new JsonObject
        {
            ["name"] = g.Name,
            ["versions"] = new JsonArray(g.Versions.Select(v => (JsonNode)Gv(v)).ToArray()),
            ["preferredVersion"] = Gv(g.Versions[0]),
        };
    }

    private static JsonObject Gvk(string group, string version, string kind) => new() { ["group"] = group, ["version"] = version, ["kind"] = kind };

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

    /// <summary>As upstream: base64 of the first 8 bytes of the SHA-256 of the storage group/version/kind.</summary>
    private static string StorageVersionHash(ResourceInfo r)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(r.Group + "/" + r.StorageVersion + "/" + r.Kind));
        return Convert.ToBase64String(hash, 0, 8);
    }
}
