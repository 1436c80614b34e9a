using System.Security.Cryptography;
using System.Text;

namespace RegionLock.Ledger.Devices.Notices;

/// <summary>
/// Signatures of the Standard Webhooks specification (standardwebhooks.com): HMAC-SHA256 with the shared secret over
/// "id.timestamp.body", sent as "v1,BASE64" in webhook-signature beside webhook-id and webhook-timestamp; receivers
/// check it with the specification's own libraries. Written here because no served .NET package signs it.
/// </summary>
public static class StandardWebhook
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";
    public const string SecretPrefix = "whsec_";

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string Sign(string secret, string id, long timestamp, string body)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
            throw new InvalidOperationException($"a webhook secret starts with {SecretPrefix}");
        var key = Convert.FromBase64String(secret[SecretPrefix.Length..].Trim());
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(mac);
    }
}
