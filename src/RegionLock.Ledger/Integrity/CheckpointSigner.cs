using System.Security.Cryptography;
using System.Text;
using RegionLock.Ledger.Infrastructure;

namespace RegionLock.Ledger.Integrity;

/// <summary>
/// Signs checkpoints with an ECDSA P-256 key (SHA-256, DER signatures: what `openssl dgst -sha256 -verify` checks).
/// The key comes from configuration (Integrity:SigningKeyFile, a PEM private key); where none exists and
/// Integrity:CreateDevelopmentKey is true, one is generated into that file. Production takes a key managed elsewhere.
/// </summary>
public sealed class CheckpointSigner : IDisposable
{
    private readonly ECDsa _key;

    public CheckpointSigner(IConfiguration configuration, IHostEnvironment environment)
    {
        var file = configuration["Integrity:SigningKeyFile"]
                   ?? Path.Combine(environment.ContentRootPath, ".data", "keys", "checkpoint-signing.pem");
        var create = configuration.GetValue("Integrity:CreateDevelopmentKey", environment.IsDevelopment());
        _key = ECDsa.Create();
        _key.ImportFromPem(KeyFiles.LoadOrCreate(file, create, () =>
        {
            using var generated = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            return generated.ExportPkcs8PrivateKeyPem();
        }, "Integrity:SigningKeyFile"));
        PublicKeyPem = _key.ExportSubjectPublicKeyInfoPem();
        KeyId = Convert.ToHexStringLower(SHA256.HashData(_key.ExportSubjectPublicKeyInfo()))[..16];
    }

    public string PublicKeyPem { get; }

    /// <summary>The first 16 hex digits of the SHA-256 of the public key (SubjectPublicKeyInfo, DER).</summary>
    public string KeyId { get; }

    public byte[] Sign(byte[] statement) =>
        _key.SignData(statement, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    public static bool Verify(string publicKeyPem, byte[] statement, byte[] signature)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(publicKeyPem);
        return key.VerifyData(statement, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    public void Dispose() => _key.Dispose();
}

/// <summary>A signed Merkle tree head over the first <see cref="TreeSize"/> events of the chain.</summary>
public sealed record Checkpoint(long TreeSize, long LastSequence, byte[] RootHash, byte[] ChainHash,
                                DateTimeOffset CreatedAt, string KeyId, byte[] Signature)
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
