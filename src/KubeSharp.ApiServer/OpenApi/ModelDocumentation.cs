using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace KubeSharp.ApiServer.OpenApi;

/// <summary>
/// Upstream's field descriptions, read from the XML documentation the KubernetesClient package ships beside its assembly.
/// A build does not copy that file from the package, so the NuGet package folder is searched as well; without it there are no descriptions.
/// </summary>
internal sealed partial class ModelDocumentation
{
    private readonly Dictionary<string, string> _summaries;

    private ModelDocumentation(Dictionary<string, string> summaries) => _summaries = summaries;

    public static ModelDocumentation Shared { get; } = Load(typeof(k8s.Models.V1Pod).Assembly);

    public bool IsEmpty => _summaries.Count == 0;

    public string? Of(Type type) => _summaries.GetValueOrDefault("T:" + type.FullName);

    public string? Of(PropertyInfo property) => _summaries.GetValueOrDefault("P:" + property.DeclaringType!.FullName + "." + property.Name);

    public static ModelDocumentation Load(Assembly assembly)
    {
        var path = Candidates(assembly).FirstOrDefault(File.Exists);
        if (path is null)
        {
            return new ModelDocumentation([]);
        }

        var summaries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in XDocument.Load(path).Descendants("member"))
        {
            if (member.Attribute("name")?.Value is { } name && member.Element("summary") is { } summary)
            {
                summaries[name] = Whitespace().Replace(summary.Value, " ").Trim();
            }
        }

        return new ModelDocumentation(summaries);
    }

    private static IEnumerable<string> Candidates(Assembly assembly)
    {
        var fileName = assembly.GetName().Name + ".xml";
        if (assembly.Location.Length > 0)
        {
            yield return Path.ChangeExtension(assembly.Location, ".xml");
        }

        yield return Path.Combine(AppContext.BaseDirectory, fileName);

        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0];
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p
            ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        if (version is null)
        {
            yield break;
        }

        foreach (var framework in new[] { "net10.0", "net9.0", "net8.0" })
        {
            yield return Path.Combine(packages, assembly.GetName().Name!.ToLowerInvariant(), version, "lib", framework, fileName);
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
