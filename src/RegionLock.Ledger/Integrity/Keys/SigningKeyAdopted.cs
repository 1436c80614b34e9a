using System.Security.Cryptography;
using System.Text;

namespace RegionLock.Ledger.Integrity.Keys;

/// <summary>
/// A signing key became the ledger's key of its kind from <see cref="ValidFrom"/> on; the key it replaces (if any)
/// is retired then. The statement is signed by the new key and by the one it replaces, so that the history can be
/// followed from the first key an auditor was given, and no key can be put in silently.
/// </summary>
/// <param name="PublicKey">The public half, PEM (SubjectPublicKeyInfo).</param>
/// <param name="ReplacedKeySignature">Base64 signature of <see cref="Statement"/> by the replaced key.</param>
/// <param name="AdoptedKeySignature">Base64 signature of <see cref="Statement"/> by this key.</param>
public sealed record SigningKeyAdopted(string Kind, string KeyId, string Algorithm, string PublicKey, DateTimeOffset ValidFrom,
                                       string? Replaces, string? ReplacedKeySignature, string AdoptedKeySignature)
{
    /// <summary>The bytes both keys sign: a few lines of ASCII, for openssl as a file.</summary>
    public byte[] Statement() => Encoding.ASCII.GetBytes(
        "regionlock-ledger key adoption v1\n" +
        $"kind {Kind}\n" +
        $"key_id {KeyId}\n" +
        $"algorithm {Algorithm}\n" +
        $"public_key_sha256 {Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(PublicKey)))}\n" +
        $"valid_from {ValidFrom.UtcDateTime:yyyy-MM-ddTHH:mm:ss.ffffffZ}\n" +
        $"replaces {Replaces ?? "none"}\n");

    public static SigningKeyAdopted Of(ISigningKey key, ISigningKey? replaced, DateTimeOffset validFrom)
    {
        var unsigned = new SigningKeyAdopted(key.Kind, key.KeyId, key.Algorithm, key.PublicKeyPem, validFrom,
                                             replaced?.KeyId, null, "");
        var statement = unsigned.Statement();
        return unsigned with
        {
            ReplacedKeySignature = replaced is null ? null : Convert.ToBase64String(replaced.Sign(statement)),
            AdoptedKeySignature = Convert.ToBase64String(key.Sign(statement)),
        };
    }
}
