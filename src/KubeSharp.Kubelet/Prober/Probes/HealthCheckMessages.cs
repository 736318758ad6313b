using Google.Protobuf;

namespace KubeSharp.Kubelet.Prober.Probes;

/// <summary>
/// The two messages of grpc.health.v1 (HealthCheckRequest{string service = 1}, HealthCheckResponse{ServingStatus
/// status = 1}) encoded by hand: too small to justify another generated proto.
/// </summary>
internal static class HealthCheckMessages
{
    public const string ServiceName = "grpc.health.v1.Health";

    /// <summary>upstream's ServingStatus enum names, by number.</summary>
    public static readonly IReadOnlyList<string> StatusNames = ["UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"];

    public static byte[] EncodeRequest(string service)
    {
        if (service.Length == 0)
        {
            return [];
        }

        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        output.WriteTag(1, WireFormat.WireType.LengthDelimited);
        output.WriteString(service);
        output.Flush();
        return buffer.ToArray();
    }

    public static string DecodeRequest(byte[] message)
    {
        var input = new CodedInputStream(message);
        var service = string.Empty;
        while (input.ReadTag() is var tag and not 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1 && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                service = input.ReadString();
            }
            else
            {
                input.SkipLastField();
            }
        }

        return service;
    }

    public static byte[] EncodeResponse(int status)
    {
        if (status == 0)
        {
            return [];
        }

        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        output.WriteTag(1, WireFormat.WireType.Varint);
        output.WriteEnum(status);
        output.Flush();
        return buffer.ToArray();
    }

    public static int DecodeResponse(byte[] message)
    {
        var input = new CodedInputStream(message);
        var status = 0;
        while (input.ReadTag() is var tag and not 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1 && WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint)
            {
                status = input.ReadEnum();
            }
            else
            {
                input.SkipLastField();
            }
        }

        return status;
    }

    public static string StatusName(int status) => status >= 0 && status < StatusNames.Count ? StatusNames[status] : status.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
