using KubeSharp.Api.Errors;

namespace KubeSharp.ApiServer.Registry.Strategies.PersistentVolumes;

/// <summary>The access mode rules volumes and claims share.</summary>
internal static class AccessModes
{
    public static readonly string[] Supported = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];

    public static void Validate(IList<string>? modes, FieldPath path, string requiredDetail, List<FieldError> errors)
    {
        modes ??= [];
        if (modes.Count == 0)
        {
            errors.Add(FieldError.Required(path, requiredDetail));
        }

        bool oncePod = false, other = false;
        foreach (var mode in modes)
        {
            if (!Supported.Contains(mode))
            {
                errors.Add(FieldError.NotSupported(path, mode, Supported));
            }
            else if (mode == "ReadWriteOncePod")
            {
                oncePod = true;
            }
            else
            {
                other = true;
            }
        }

        if (oncePod && other)
        {
            errors.Add(FieldError.Forbidden(path, "may not use ReadWriteOncePod with other access modes"));
        }
    }
}
