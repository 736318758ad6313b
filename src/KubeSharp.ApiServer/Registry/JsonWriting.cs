using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Registry;

internal static class JsonWriting
{
    /// <summary>Writes a member's value as parsed: a JSON null arrives as a null node, which has no WriteTo of its own.</summary>
    public static void WriteNodeOrNull(this Utf8JsonWriter writer, JsonNode? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            value.WriteTo(writer);
        }
    }
}
