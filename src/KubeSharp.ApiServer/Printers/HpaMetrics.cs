using System.Globalization;
using System.Text.Json.Nodes;
using static KubeSharp.ApiServer.Printers.JsonFields;

namespace KubeSharp.ApiServer.Printers;

/// <summary>The TARGETS cell of `kubectl get hpa` (upstream formatHPAMetrics), for autoscaling/v2 and v1 objects.</summary>
internal static class HpaMetrics
{
    private const int Max = 2;

    public static string Format(JsonObject hpa)
    {
        if (!Has(hpa, "spec", "metrics") && LongOrNull(hpa, "spec", "targetCPUUtilizationPercentage") is { } target)
        {
            var current = LongOrNull(hpa, "status", "currentCPUUtilizationPercentage") is { } c ? I(c) + "%" : "<unknown>";
            return "cpu: " + current + "/" + I(target) + "%";
        }

        var specs = Objects(hpa, "spec", "metrics").ToList();
        if (specs.Count == 0)
        {
            return "<none>";
        }

        var statuses = Objects(hpa, "status", "currentMetrics").ToList();
        var list = new List<string>();
        for (var i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            var status = i < statuses.Count ? statuses[i] : null;
            list.Add(Str(spec, "type") switch
            {
                "External" => ValueOrAverage(spec, status, "external"),
                "Object" => ValueOrAverage(spec, status, "object"),
                "Pods" => (Current(status, "pods", "averageValue") ?? "<unknown>") + "/" + Quantity(spec, "pods", "target", "averageValue"),
                "Resource" => Resource(spec, status, "resource"),
                "ContainerResource" => Resource(spec, status, "containerResource"),
                _ => "<unknown type>",
            });
        }

        var text = string.Join(", ", list.Take(Max));
        return list.Count > Max ? text + " + " + I(list.Count - Max) + " more..." : text;
    }

    private static string ValueOrAverage(JsonObject spec, JsonObject? status, string source)
    {
        if (Has(spec, source, "target", "averageValue"))
        {
            return (Current(status, source, "averageValue") ?? "<unknown>") + "/" + Quantity(spec, source, "target", "averageValue") + " (avg)";
        }

        var current = Has(status, source) ? Quantity(status, source, "current", "value") : "<unknown>";
        return current + "/" + Quantity(spec, source, "target", "value");
    }

    private static string Resource(JsonObject spec, JsonObject? status, string source)
    {
        var name = Str(spec, source, "name");
        if (Has(spec, source, "target", "averageValue"))
        {
            var currentValue = Has(status, source) ? Quantity(status, source, "current", "averageValue") : "<unknown>";
            return name + ": " + currentValue + "/" + Quantity(spec, source, "target", "averageValue");
        }

        var current = LongOrNull(status, source, "current", "averageUtilization") is { } u ? I(u) + "%" : "<unknown>";
        var target = LongOrNull(spec, source, "target", "averageUtilization") is { } t ? I(t) + "%" : "<auto>";
        return name + ": " + current + "/" + target;
    }

    private static string? Current(JsonObject? status, string source, string field) =>
        Has(status, source, "current", field) ? Quantity(status, source, "current", field) : null;

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);
}
