using System.Text;
using NSec.Cryptography;

namespace RegionLock.Ledger.Integrity.Keys;

/// <summary>
/// An Ed25519 private key (PEM, PKCS#8) as a signing key of a kind (exports, the log). Its signatures are
/// deterministic: the same manifest gives the same signature, so a re-run export is byte-identical. NSec (libsodium)
/// because .NET has no Ed25519 of its own.
/// </summary>
public sealed class Ed25519SigningKey : ISigningKey
{
    private readonly Key _key;

    public Ed25519SigningKey(string kind, string pem)
    {
        Kind = kind;
        _key = Key.Import(SignatureAlgorithm.Ed25519, Encoding.ASCII.GetBytes(pem), KeyBlobFormat.PkixPrivateKeyText, Exportable());
        PublicKeyPem = Encoding.ASCII.GetString(_key.Export(KeyBlobFormat.PkixPublicKeyText));
        KeyId = Signatures.KeyId(_key.PublicKey.Export(KeyBlobFormat.PkixPublicKey));
    }

    public string Kind { get; }
    public string KeyId { get; }
    public string Algorithm => Signatures.Ed25519;
    public string PublicKeyPem { get; }

    public byte[] Sign(byte[] data) => SignatureAlgorithm.Ed25519.Sign(_key, data);

    /// <summary>`openssl pkeyutl -verify -pubin -inkey public.pem -rawin` checks the same.</summary>
    public static bool Verify(string publicKeyPem, byte[] data, byte[] signature) =>
        PublicKey.TryImport(SignatureAlgorithm.Ed25519, Encoding.ASCII.GetBytes(publicKeyPem), KeyBlobFormat.PkixPublicKeyText, out var key)
        && SignatureAlgorithm.Ed25519.Verify(key!, data, signature);

    /// <summary>The raw 32 bytes of an Ed25519 public key in PEM: what a C2SP verifier key carries.</summary>
    public static byte[] RawPublicKey(string publicKeyPem) =>
        PublicKey.Import(SignatureAlgorithm.Ed25519, Encoding.ASCII.GetBytes(publicKeyPem), KeyBlobFormat.PkixPublicKeyText)
            .Export(KeyBlobFormat.RawPublicKey);

    private static KeyCreationParameters Exportable() => new() { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };
}
