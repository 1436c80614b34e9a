using System.Security.Cryptography;

namespace RegionLock.Ledger.Integrity.Keys;

/// <summary>
/// An ECDSA P-256 private key (PEM) as a signing key of a kind (checkpoints, tokens): SHA-256 and DER signatures,
/// what `openssl dgst -sha256 -verify` checks.
/// </summary>
public sealed class EcdsaSigningKey : ISigningKey
{
    private readonly ECDsa _key = ECDsa.Create();

    public EcdsaSigningKey(string kind, string pem)
    {
        Kind = kind;
        _key.ImportFromPem(pem);
        PublicKeyPem = _key.ExportSubjectPublicKeyInfoPem();
        KeyId = Signatures.KeyId(_key.ExportSubjectPublicKeyInfo());
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

    public static bool Verify(string publicKeyPem, byte[] data, byte[] signature)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(publicKeyPem);
        return key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }
}
