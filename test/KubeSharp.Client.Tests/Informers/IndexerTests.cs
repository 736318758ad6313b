using k8s.Models;

namespace KubeSharp.Client.Tests.Informers;

public sealed class IndexerTests
{
    [Fact]
    public void Upsert_NamespacedAndClusterScoped_KeysAndNamespaceIndex()
    {
        var pods = new Indexer<V1Pod>();
        pods.Upsert(Pod("ns1", "a", node: "n1", owner: "rs-1"));
        pods.Upsert(Pod("ns1", "b", node: null, owner: "rs-1"));
        pods.Upsert(Pod("ns2", "a", node: "n1", owner: null));

        Assert.Equal("a", pods.GetByKey("ns1/a")?.Metadata.Name);
        Assert.Null(pods.GetByKey("a"));
        Assert.Equal(3, pods.List().Count);
        Assert.Equal(2, pods.ByIndex(Indexes.Namespace, "ns1").Count);
        Assert.Equal(2, pods.ByIndex(Indexes.OwnerUid, "rs-1").Count);
        Assert.Equal(["ns1", "ns2"], pods.ByIndex(Indexes.NodeName, "n1").Select(p => p.Metadata.NamespaceProperty).Order());

        var nodes = new Indexer<V1Node>();
        nodes.Upsert(new V1Node { Metadata = new V1ObjectMeta { Name = "n1" } });
        Assert.NotNull(nodes.GetByKey("n1"));
        Assert.Single(nodes.ByIndex(Indexes.Namespace, ""));
        Assert.Throws<ArgumentException>(() => nodes.ByIndex(Indexes.NodeName, "n1"));
    }

    [Fact]
    public void Upsert_IndexedValueChanges_MovesBetweenIndexValues()
    {
        var pods = new Indexer<V1Pod>();
        var old = pods.Upsert(Pod("ns", "a", node: "n1", owner: null));

        var replaced = pods.Upsert(Pod("ns", "a", node: "n2", owner: null));

        Assert.Null(old);
        Assert.Equal("n1", replaced?.Spec.NodeName);
        Assert.Empty(pods.ByIndex(Indexes.NodeName, "n1"));
        Assert.Single(pods.ByIndex(Indexes.NodeName, "n2"));
    }

    [Fact]
    public void Remove_Existing_GoneFromStoreAndIndexes()
    {
        var pods = new Indexer<V1Pod>();
        pods.Upsert(Pod("ns", "a", node: "n1", owner: "o"));

        var removed = pods.Remove("ns/a");

        Assert.NotNull(removed);
        Assert.Null(pods.GetByKey("ns/a"));
        Assert.Empty(pods.ByIndex(Indexes.OwnerUid, "o"));
        Assert.Empty(pods.ByIndex(Indexes.NodeName, "n1"));
        Assert.Null(pods.Remove("ns/a"));
    }

    [Fact]
    public void AddIndex_ExistingObjects_IndexedAtOnce()
    {
        var pods = new Indexer<V1Pod>();
        pods.Upsert(Pod("ns", "a", node: "n1", owner: null));

        pods.AddIndex("app", p => p.Metadata.Labels?.Values ?? []);
        pods.AddIndex("name", p => [p.Metadata.Name]);

        Assert.Single(pods.ByIndex("name", "a"));
        Assert.Empty(pods.ByIndex("app", "web"));
    }

    [Fact]
    public void KeysFor_ClusterScopedAndNamespaced_Formats()
    {
        Assert.Equal("ns/a", Keys.For(Pod("ns", "a", null, null)));
        Assert.Equal("n1", Keys.For(new V1Node { Metadata = new V1ObjectMeta { Name = "n1" } }));
        Assert.Equal(("ns", "a"), Keys.Split("ns/a"));
        Assert.Equal(("", "n1"), Keys.Split("n1"));
    }

    private static V1Pod Pod(string ns, string name, string? node, string? owner) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = ns,
            OwnerReferences = owner is null ? null : [new V1OwnerReference { Uid = owner, Name = owner, Kind = "ReplicaSet", ApiVersion = "apps/v1" }],
        },
        Spec = new V1PodSpec { NodeName = node },
    };
}
