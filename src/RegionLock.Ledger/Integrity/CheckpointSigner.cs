using Microsoft.Extensions.Options;
using System.Security.Cryptography;
using System.Text;
using RegionLock.Ledger.Integrity.Keys;

namespace RegionLock.Ledger.Integrity;

/// <summary>
/// Signs checkpoints with an ECDSA P-256 key (SHA-256, DER signatures: what `openssl dgst -sha256 -verify` checks).
/// The key comes from configuration (Integrity:SigningKeyFile, a PEM private key); where none exists and
/// Integrity:CreateDevelopmentKey is true, one is generated into that file. Production takes a key managed elsewhere.
/// A rotation replaces the file; <see cref="Current"/> is then the new key.
/// </summary>
public sealed class CheckpointSigner
{
    private readonly KeyFile<EcdsaSigningKey> _file;

    public CheckpointSigner(IOptions<IntegritySettings> options, IHostEnvironment environment)
    {
        var settings = options.Value;
        _file = KeyFiles.Signer(settings.SigningKeyFile, settings.CreateDevelopmentKey, environment, "checkpoint-signing.pem",
                                EcdsaSigningKey.Generate, "Integrity:SigningKeyFile", pem => new EcdsaSigningKey(SigningKeyKind.Checkpoint, pem));
    }

    /// <summary>The key to sign with now: take it once per signature, so that the statement names the key that signs it.</summary>
    public EcdsaSigningKey Current => _file.Current;

    public string KeyFile => _file.Path;

    public static bool Verify(string publicKeyPem, byte[] statement, byte[] signature)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(publicKeyPem);
        return key.VerifyData(statement, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }
}

/// <summary>An ECDSA P-256 private key (PEM) as a signing key of a kind: checkpoints, tokens.</summary>
public sealed class EcdsaSigningKey : ISigningKey
{
    private readonly ECDsa _key = ECDsa.Create();

    public EcdsaSigningKey(string kind, string pem)
    {
        Kind = kind;
        _key.ImportFromPem(pem);
        PublicKeyPem = _key.ExportSubjectPublicKeyInfoPem();
        KeyId = Convert.ToHexStringLower(SHA256.HashData(_key.ExportSubjectPublicKeyInfo()))[..16];
    }

    public string Kind { get; }
    public string KeyId { get; }
    public string Algorithm => Signatures.EcdsaP256Sha256;
    public string PublicKeyPem { get; }

    public byte[] Sign(byte[] data) => _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    public static string Generate()
    {
        using var generated = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return generated.ExportPkcs8PrivateKeyPem();
    }
}

/// <summary>
/// A signed Merkle tree head over the first <see cref="TreeSize"/> events of the chain, and the same head as the
/// log's C2SP checkpoint note (none on checkpoints older than the log).
/// </summary>
public sealed record Checkpoint(long TreeSize, long LastSequence, byte[] RootHash, byte[] ChainHash,
                                DateTimeOffset CreatedAt, string KeyId, byte[] Signature, string? Note = null)
{
    /// <summary>The exact bytes that are signed: a few lines of ASCII, so that openssl can check them as a file.</summary>
    public byte[] Statement() => Encoding.ASCII.GetBytes(
        "regionlock-ledger checkpoint v1\n" +
        $"tree_size {TreeSize}\n" +
        $"last_sequence {LastSequence}\n" +
        $"root {Convert.ToHexStringLower(RootHash)}\n" +
        $"chain {Convert.ToHexStringLower(ChainHash)}\n" +
        $"created_at {CreatedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ss.ffffffZ}\n" +
        $"key_id {KeyId}\n");
}
