using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Validation;
using KubeSharp.ApiServer.Registry.Strategies.ConfigMaps;
using KubeSharp.ApiServer.Registry.Validation;

namespace KubeSharp.ApiServer.Registry.Strategies.Secrets;

/// <summary>core/v1 Secret: stringData folded into data, type default Opaque, per-type required keys, size and immutability.</summary>
internal sealed class SecretStrategy : ResourceStrategy
{
    public static readonly SecretStrategy Instance = new();

    private static readonly FieldPath Data = FieldPath.Root("data");

    public override void ApplyDefaults(JsonObject obj)
    {
        CheckBase64(obj, "data");
        TypedObject.Read<V1Secret>(obj, "Secret");

        // Upstream's conversion writes stringData over data and never stores stringData.
        if (JsonFields.Obj(obj, "stringData") is { } stringData)
        {
            if (JsonFields.EnsureObj(obj, "data") is { } data)
            {
                foreach (var (key, value) in stringData)
                {
                    var text = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "";
                    data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
                }
            }

            obj.Remove("stringData");
        }

        JsonFields.DefaultString(obj, "type", "Opaque");
    }

    public override void Validate(JsonObject obj, List<FieldError> errors)
    {
        var secret = TypedObject.Read<V1Secret>(obj, "Secret");
        var data = secret.Data ?? new Dictionary<string, byte[]>();
        long total = 0;
        foreach (var (key, value) in data)
        {
            foreach (var msg in NameValidation.IsConfigMapKey(key))
            {
                errors.Add(FieldError.Invalid(Data.Key(key), key, msg));
            }

            total += value?.Length ?? 0;
        }

        if (total > ConfigMapStrategy.MaxSize)
        {
            errors.Add(FieldError.TooLong(Data, "", ConfigMapStrategy.MaxSize));
        }

        switch (secret.Type)
        {
            case "kubernetes.io/service-account-token":
                if (string.IsNullOrEmpty(secret.Metadata?.Annotations?.TryGetValue("kubernetes.io/service-account.name", out var sa) == true ? sa : null))
                {
                    errors.Add(FieldError.Required(FieldPath.Root("metadata").Child("annotations").Key("kubernetes.io/service-account.name"), ""));
                }

                break;
            case "kubernetes.io/dockercfg":
                RequireJson(data, ".dockercfg", errors);
                break;
            case "kubernetes.io/dockerconfigjson":
                RequireJson(data, ".dockerconfigjson", errors);
                break;
            case "kubernetes.io/basic-auth":
                if (!data.ContainsKey("username") && !data.ContainsKey("password"))
                {
                    errors.Add(FieldError.Required(Data.Key("username"), ""));
                    errors.Add(FieldError.Required(Data.Key("password"), ""));
                }

                break;
            case "kubernetes.io/ssh-auth":
                if (!data.TryGetValue("ssh-privatekey", out var key) || key is null or { Length: 0 })
                {
                    errors.Add(FieldError.Required(Data.Key("ssh-privatekey"), ""));
                }

                break;
            case "kubernetes.io/tls":
                foreach (var required in new[] { "tls.crt", "tls.key" })
                {
                    if (!data.ContainsKey(required))
                    {
                        errors.Add(FieldError.Required(Data.Key(required), ""));
                    }
                }

                break;
        }
    }

    public override void ValidateUpdate(JsonObject obj, JsonObject old, List<FieldError> errors)
    {
        Validate(obj, errors);
        CommonValidation.ValidateImmutable(obj["type"], old["type"], FieldPath.Root("type"), errors);
        if (JsonFields.Bool(old, "immutable") == true)
        {
            if (JsonFields.Bool(obj, "immutable") != true)
            {
                errors.Add(FieldError.Forbidden("immutable", ConfigMapStrategy.ImmutableWhenSet));
            }

            if (!ConfigMapStrategy.SameMap(obj, old, "data"))
            {
                errors.Add(FieldError.Forbidden("data", ConfigMapStrategy.ImmutableWhenSet));
            }
        }
    }

    private static void RequireJson(IDictionary<string, byte[]> data, string key, List<FieldError> errors)
    {
        if (!data.TryGetValue(key, out var bytes))
        {
            errors.Add(FieldError.Required(Data.Key(key), ""));
            return;
        }

        try
        {
            using var doc = JsonDocument.Parse(bytes);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add(FieldError.Invalid(Data.Key(key), "<secret contents redacted>", "json: cannot unmarshal " + doc.RootElement.ValueKind.ToString().ToLowerInvariant() + " into Go value of type map[string]interface {}"));
            }
        }
        catch (JsonException e)
        {
            errors.Add(FieldError.Invalid(Data.Key(key), "<secret contents redacted>", e.Message));
        }
    }

    /// <summary>Go decodes []byte fields as standard base64 and answers a bad one with "illegal base64 data at input byte N".</summary>
    private static void CheckBase64(JsonObject obj, string field)
    {
        foreach (var (_, value) in JsonFields.Obj(obj, field) ?? [])
        {
            if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
            {
                continue;
            }

            var s = v.GetValue<string>();
            if (IllegalBase64At(s) is { } at)
            {
                var version = JsonFields.Str(obj, "apiVersion") ?? "v1";
                throw ApiException.BadRequest($"Secret in version \"{version}\" cannot be handled as a Secret: illegal base64 data at input byte {at}");
            }
        }
    }

    private static int? IllegalBase64At(string s)
    {
        var padStart = s.Length;
        while (padStart > 0 && s[padStart - 1] == '=' && s.Length - padStart < 2)
        {
            padStart--;
        }

        for (var i = 0; i < padStart; i++)
        {
            if (!(char.IsAsciiLetterOrDigit(s[i]) || s[i] is '+' or '/' or '\r' or '\n'))
            {
                return i;
            }
        }

        var clean = s.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal);
        if (clean.Length % 4 != 0)
        {
            return clean.Length / 4 * 4 + (clean.Length % 4 == 1 ? 0 : clean.Length % 4 - 1);
        }

        return Convert.TryFromBase64String(clean, new byte[clean.Length], out _) ? null : Math.Max(0, clean.Length - 1);
    }
}
