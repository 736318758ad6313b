using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Auth.ServiceAccounts;

/// <summary>The compact JWS form of a JSON web token, signed RS256 (what upstream issues with an RSA service-account key).</summary>
internal static class JsonWebToken
{
    public static string Sign(JsonObject claims, ServiceAccountKey key)
    {
        var header = new JsonObject { ["alg"] = "RS256", ["kid"] = key.KeyId };
        var signingInput = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header.ToJsonString())) + "."
            + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = key.Rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>The claims of a well-formed token, unverified; null when it is not a JWS of JSON objects.</summary>
    public static (JsonObject Header, JsonObject Claims)? Decode(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            if (JsonNode.Parse(Base64Url.DecodeFromChars(parts[0])) is JsonObject header
                && JsonNode.Parse(Base64Url.DecodeFromChars(parts[1])) is JsonObject claims)
            {
                return (header, claims);
            }
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            // Not base64url or not JSON: not a token of ours.
        }

        return null;
    }

    /// <summary>Whether the token's RS256 signature was made by <paramref name="key"/>.</summary>
    public static bool Verify(string token, JsonObject header, ServiceAccountKey key)
    {
        if (header["alg"] is not JsonValue alg || !alg.TryGetValue(out string? name) || name != "RS256")
        {
            return false;
        }

        var lastDot = token.LastIndexOf('.');
        try
        {
            var signature = Base64Url.DecodeFromChars(token.AsSpan(lastDot + 1));
            return key.Rsa.VerifyData(Encoding.ASCII.GetBytes(token[..lastDot]), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
