using k8s;
using k8s.Models;

namespace KubeSharp.Client;

/// <summary>Thread-safe store of the objects an informer has seen, keyed by <see cref="Keys.For"/>, with secondary indexes.
/// Objects handed out are shared: copy before mutating.</summary>
public sealed class Indexer<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, T> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<T, IEnumerable<string>>> _indexFuncs = new(StringComparer.Ordinal);
    /// <summary>Index name -> indexed value -> the objects with that value by key: listing a value's objects needs no lookups.</summary>
    private readonly Dictionary<string, Dictionary<string, Dictionary<string, T>>> _indexes = new(StringComparer.Ordinal);

    public Indexer()
    {
        AddIndex(Indexes.Namespace, o => [o.Metadata?.NamespaceProperty ?? ""]);
        AddIndex(Indexes.OwnerUid, o => o.Metadata?.OwnerReferences?.Select(r => r.Uid).Where(u => !string.IsNullOrEmpty(u)) ?? []);
        if (typeof(T) == typeof(V1Pod))
        {
            AddIndex(Indexes.NodeName, o => (o as V1Pod)?.Spec?.NodeName is { Length: > 0 } node ? [node] : []);
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _items.Count;
            }
        }
    }

    public T? GetByKey(string key)
    {
        lock (_lock)
        {
            return _items.GetValueOrDefault(key);
        }
    }

    public IReadOnlyList<T> List()
    {
        lock (_lock)
        {
            return [.. _items.Values];
        }
    }

    public IReadOnlyList<string> ListKeys()
    {
        lock (_lock)
        {
            return [.. _items.Keys];
        }
    }

    /// <summary>Objects whose index function for <paramref name="indexName"/> yields <paramref name="value"/>.</summary>
    public IReadOnlyList<T> ByIndex(string indexName, string value)
    {
        lock (_lock)
        {
            if (!_indexes.TryGetValue(indexName, out var index))
            {
                throw new ArgumentException($"Index '{indexName}' does not exist.", nameof(indexName));
            }

            return index.TryGetValue(value, out var objects) ? [.. objects.Values] : [];
        }
    }

    /// <summary>Adds (or replaces) an index; existing objects are indexed at once.</summary>
    public void AddIndex(string name, Func<T, IEnumerable<string>> keys)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(keys);
        lock (_lock)
        {
            _indexFuncs[name] = keys;
            var index = new Dictionary<string, Dictionary<string, T>>(StringComparer.Ordinal);
            _indexes[name] = index;
            foreach (var (key, item) in _items)
            {
                AddToIndex(index, keys, key, item);
            }
        }
    }

    /// <summary>Stores <paramref name="item"/> and returns the object it replaced, if any. The informer owns its store: call this
    /// only on indexers you fill yourself (unit tests of controllers, fakes).</summary>
    public T? Upsert(T item)
    {
        var key = Keys.For(item);
        lock (_lock)
        {
            var old = _items.GetValueOrDefault(key);
            if (old is not null)
            {
                RemoveFromIndexes(key, old);
            }

            _items[key] = item;
            foreach (var (name, func) in _indexFuncs)
            {
                AddToIndex(_indexes[name], func, key, item);
            }

            return old;
        }
    }

    /// <summary>Removes the object under <paramref name="key"/> and returns it, if it was there (same caveat as <see cref="Upsert"/>).</summary>
    public T? Remove(string key)
    {
        lock (_lock)
        {
            if (!_items.Remove(key, out var old))
            {
                return null;
            }

            RemoveFromIndexes(key, old);
            return old;
        }
    }

    private void RemoveFromIndexes(string key, T item)
    {
        foreach (var (name, func) in _indexFuncs)
        {
            var index = _indexes[name];
            foreach (var value in func(item))
            {
                if (index.TryGetValue(value, out var objects) && objects.Remove(key) && objects.Count == 0)
                {
                    index.Remove(value);
                }
            }
        }
    }

    private static void AddToIndex(Dictionary<string, Dictionary<string, T>> index, Func<T, IEnumerable<string>> func, string key, T item)
    {
        foreach (var value in func(item))
        {
            if (!index.TryGetValue(value, out var objects))
            {
                objects = new Dictionary<string, T>(StringComparer.Ordinal);
                index[value] = objects;
            }

            objects[key] = item;
        }
    }
}
