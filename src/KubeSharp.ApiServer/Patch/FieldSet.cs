using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Patch;

/// <summary>
/// A set of field paths, as structured-merge-diff's fieldpath.Set. A path is a list of elements in FieldsV1
/// spelling: <c>f:name</c> (field or map key), <c>k:{"name":"nginx"}</c> (associative list item),
/// <c>v:"value"</c> (set item), <c>i:0</c> (index).
/// </summary>
internal sealed class FieldSet
{
    /// <summary>Separates the elements of a path in its string form; no element can contain it.</summary>
    public const char Separator = '\u001f';

    private readonly HashSet<string> paths;

    public FieldSet()
    {
        paths = new HashSet<string>(StringComparer.Ordinal);
    }

    private FieldSet(IEnumerable<string> paths)
    {
        this.paths = new HashSet<string>(paths, StringComparer.Ordinal);
    }

    public bool IsEmpty => paths.Count == 0;

    public IEnumerable<string> Paths => paths;

    public static string Append(string path, string element) => path.Length == 0 ? element : path + Separator + element;

    public static string[] Elements(string path) => path.Length == 0 ? [] : path.Split(Separator);

    /// <summary>Whether <paramref name="path"/> is <paramref name="ancestor"/> or lies below it.</summary>
    public static bool IsAtOrBelow(string path, string ancestor) =>
        path == ancestor || ancestor.Length == 0 || (path.StartsWith(ancestor, StringComparison.Ordinal) && path[ancestor.Length] == Separator);

    /// <summary>A path as upstream prints it in conflict messages: <c>.spec.containers[name="nginx"].image</c>.</summary>
    public static string Display(string path)
    {
        var text = new System.Text.StringBuilder();
        foreach (var element in Elements(path))
        {
            var body = element[2..];
            switch (element[0])
            {
                case 'f':
                    text.Append('.').Append(body);
                    break;
                case 'k':
                    var keys = JsonNode.Parse(body)!.AsObject().Select(p => p.Key + "=" + p.Value!.ToJsonString());
                    text.Append('[').Append(string.Join(",", keys)).Append(']');
                    break;
                case 'v':
                    text.Append("[=").Append(body).Append(']');
                    break;
                default:
                    text.Append('[').Append(body).Append(']');
                    break;
            }
        }

        return text.ToString();
    }

    /// <summary>Reads a FieldsV1 object; an empty object names its own path, "." marks a path that also has children.</summary>
    public static FieldSet FromFieldsV1(JsonNode? fields)
    {
        var set = new FieldSet();
        if (fields is JsonObject obj)
        {
            Read(obj, "", set);
        }

        return set;
    }

    public void Insert(string path) => paths.Add(path);

    public bool Contains(string path) => paths.Contains(path);

    /// <summary>Whether the set holds <paramref name="path"/> or any path below it.</summary>
    public bool HasAtOrBelow(string path) => paths.Any(p => IsAtOrBelow(p, path));

    public FieldSet Union(FieldSet other) => new(paths.Concat(other.paths));

    public FieldSet Difference(FieldSet other) => new(paths.Where(p => !other.paths.Contains(p)));

    public FieldSet Intersection(FieldSet other) => new(paths.Where(other.paths.Contains));

    /// <summary>The set without the given paths and everything below them.</summary>
    public FieldSet ExcludeAtOrBelow(IEnumerable<string> excluded)
    {
        var list = excluded.ToList();
        return new(paths.Where(p => !list.Any(e => IsAtOrBelow(p, e))));
    }

    public bool SetEquals(FieldSet other) => paths.SetEquals(other.paths);

    /// <summary>The FieldsV1 form, members ordered as upstream serialises them.</summary>
    public JsonObject ToFieldsV1()
    {
        var root = new Node();
        foreach (var path in paths)
        {
            var node = root;
            foreach (var element in Elements(path))
            {
                if (!node.Children.TryGetValue(element, out var child))
                {
                    child = new Node();
                    node.Children[element] = child;
                }

                node = child;
            }

            node.Member = true;
        }

        return Write(root);
    }

    private static JsonObject Write(Node node)
    {
        var obj = new JsonObject();
        if (node.Member && node.Children.Count > 0)
        {
            obj["."] = new JsonObject();
        }

        foreach (var (element, child) in node.Children.OrderBy(c => KindOrder(c.Key[0])).ThenBy(c => c.Key, StringComparer.Ordinal))
        {
            obj[element] = Write(child);
        }

        return obj;
    }

    private static int KindOrder(char kind) => kind switch
    {
        'f' => 0,
        'v' => 1,
        'i' => 2,
        _ => 3,
    };

    private static void Read(JsonObject obj, string path, FieldSet set)
    {
        foreach (var (key, value) in obj)
        {
            if (key == ".")
            {
                if (path.Length > 0)
                {
                    set.Insert(path);
                }

                continue;
            }

            if (key.Length < 2 || key[1] != ':' || key.Contains(Separator, StringComparison.Ordinal))
            {
                continue;
            }

            var child = Append(path, Normalize(key));
            if (value is JsonObject childObj && childObj.Count > 0)
            {
                Read(childObj, child, set);
            }
            else
            {
                set.Insert(child);
            }
        }
    }

    /// <summary>Re-serialises key and value elements so that equal paths compare equal whatever the spacing.</summary>
    private static string Normalize(string element)
    {
        if (element[0] is not ('k' or 'v'))
        {
            return element;
        }

        try
        {
            return element[..2] + PathElements.Json(JsonNode.Parse(element[2..]));
        }
        catch (JsonException)
        {
            return element;
        }
    }

    private sealed class Node
    {
        public bool Member { get; set; }

        public Dictionary<string, Node> Children { get; } = new(StringComparer.Ordinal);
    }
}
