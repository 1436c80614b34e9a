namespace RegionLock.Ledger.Integrity.Keys;

/// <summary>The kinds of signing key the ledger keeps a history of.</summary>
public static class SigningKeyKind
{
    public const string Checkpoint = "checkpoint";
    public const string Export = "export";
    public const string Token = "token";

    /// <summary>The transparency log's Ed25519 key, which signs the C2SP checkpoint notes.</summary>
    public const string Log = "log";

    /// <summary>What `keys rotate --kind` takes: tokens are short-lived and checked against configured keys.</summary>
    public static readonly string[] Rotatable = [Checkpoint, Export, Log];

    public static readonly string[] All = [Checkpoint, Export, Log, Token];
}

/// <summary>A signing key as the key history records it.</summary>
public interface ISigningKey
{
    string Kind { get; }

    /// <summary>The first 16 hex digits of the SHA-256 of the public key (SubjectPublicKeyInfo, DER).</summary>
    string KeyId { get; }

    /// <summary>ecdsa-p256-sha256 or ed25519.</summary>
    string Algorithm { get; }

    string PublicKeyPem { get; }

    byte[] Sign(byte[] data);
}

public static class Signatures
{
    public const string EcdsaP256Sha256 = "ecdsa-p256-sha256";
    public const string Ed25519 = "ed25519";

    public static bool Verify(string algorithm, string publicKeyPem, byte[] data, byte[] signature) => algorithm switch
    {
        EcdsaP256Sha256 => EcdsaSigningKey.Verify(publicKeyPem, data, signature),
        Ed25519 => Ed25519SigningKey.Verify(publicKeyPem, data, signature),
        _ => false,
    };

    /// <summary>A key's id: the first 16 hex digits of the SHA-256 of its public key (SubjectPublicKeyInfo, DER).</summary>
    public static string KeyId(byte[] subjectPublicKeyInfo) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(subjectPublicKeyInfo))[..16];
}
