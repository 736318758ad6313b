namespace KubeSharp.Api.Errors;

/// <summary>Builds field paths as upstream prints them: <c>spec.containers[0].env[FOO]</c>.</summary>
public readonly record struct FieldPath(string Path)
{
    public static FieldPath Root(string name) => new(name);

    public FieldPath Child(string name) => new(Path.Length == 0 ? name : Path + "." + name);

    public FieldPath Index(int i) => new(Path + "[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]");

    public FieldPath Key(string key) => new(Path + "[" + key + "]");

    public override string ToString() => Path;

    public static implicit operator string(FieldPath p) => p.Path;
}
