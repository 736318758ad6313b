using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace KubeSharp.Bench;

/// <summary>
/// A fixed single-threaded computation timed before a run, so figures from different runs can be compared: this shared VM's
/// speed varies by a third and more from hour to hour (noisy neighbours), which moves every figure the bench prints. The
/// work is of the kind the server does most: JSON trees parsed, walked and written.
/// </summary>
internal static class ReferenceWork
{
    /// <summary>Milliseconds to parse and write a pod-sized JSON object 20,000 times (best of three; lower is faster).</summary>
    public static double Milliseconds()
    {
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "reference", ["namespace"] = "default", ["labels"] = new JsonObject { ["app"] = "reference" } },
            ["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(Enumerable.Range(0, 8).Select(i => (JsonNode)new JsonObject
                {
                    ["name"] = $"c{i}",
                    ["image"] = "busybox:1.35",
                    ["env"] = new JsonArray(Enumerable.Range(0, 8).Select(j => (JsonNode)new JsonObject { ["name"] = $"E{j}", ["value"] = new string('v', 16) }).ToArray()),
                }).ToArray()),
            },
        };
        var bytes = Encoding.UTF8.GetBytes(pod.ToJsonString());
        var best = double.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            var clock = Stopwatch.StartNew();
            var length = 0;
            for (var i = 0; i < 20_000; i++)
            {
                length += JsonNode.Parse(bytes)!.ToJsonString().Length;
            }

            best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
            GC.KeepAlive(length);
        }

        return best;
    }
}
