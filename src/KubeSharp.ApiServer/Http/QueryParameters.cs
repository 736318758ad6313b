using System.Globalization;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Selectors;
using KubeSharp.ApiServer.Registry;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Http;

/// <summary>Reads the standard query parameters (ListOptions, write options, DeleteOptions) with upstream's errors.</summary>
internal sealed class QueryParameters(IQueryCollection query)
{
    public string? Get(string name) => query.TryGetValue(name, out var v) ? v.ToString() : null;

    public bool Flag(string name) => Get(name) is "true" or "1";

    public long? Long(string name)
    {
        var v = Get(name);
        if (string.IsNullOrEmpty(v))
        {
            return null;
        }

        return long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
            ? l
            : throw ApiException.BadRequest($"invalid value for {name}: \"{v}\": must be an integer");
    }

    public bool DryRun
    {
        get
        {
            var values = query.TryGetValue("dryRun", out var v) ? v.ToArray() : [];
            foreach (var d in values)
            {
                if (d != "All")
                {
                    throw ApiException.BadRequest($"Invalid dryRun value: \"{d}\": supported values: \"All\"");
                }
            }

            return values.Length > 0;
        }
    }

    /// <summary>Strict, Warn (the default for kubectl's server-side validation is set by kubectl itself) or Ignore.</summary>
    public string FieldValidation
    {
        get
        {
            var v = Get("fieldValidation");
            return v switch
            {
                null or "" => "Warn",
                "Strict" or "Warn" or "Ignore" => v,
                _ => throw ApiException.BadRequest($"fieldValidation: Unsupported value: \"{v}\": supported values: \"Ignore\", \"Strict\", \"Warn\""),
            };
        }
    }

    public ListOptions ListOptions()
    {
        var limit = Long("limit") ?? 0;
        var timeout = Long("timeoutSeconds");
        bool? sendInitial = Get("sendInitialEvents") switch
        {
            "true" => true,
            "false" => false,
            _ => null,
        };
        return new ListOptions
        {
            Labels = LabelSelector.Parse(Get("labelSelector")),
            Fields = FieldSelector.Parse(Get("fieldSelector")),
            Limit = (int)Math.Clamp(limit, 0, int.MaxValue),
            Continue = Get("continue"),
            ResourceVersion = Get("resourceVersion") ?? "",
            ResourceVersionMatch = Get("resourceVersionMatch") ?? "",
            AllowWatchBookmarks = Flag("allowWatchBookmarks"),
            SendInitialEvents = sendInitial,
            Timeout = timeout is > 0 ? TimeSpan.FromSeconds(timeout.Value) : null,
        };
    }
}
