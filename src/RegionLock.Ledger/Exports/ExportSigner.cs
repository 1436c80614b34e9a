using Microsoft.Extensions.Options;
using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;
using RegionLock.Ledger.Integrity.Keys;

namespace RegionLock.Ledger.Exports;

/// <summary>
/// Signs export manifests with Ed25519, whose signatures are deterministic: the same manifest gives the same
/// signature, so a re-run export is byte-identical, signature included. `openssl pkeyutl -verify -pubin -inkey
/// public.pem -rawin -in manifest.json -sigfile manifest.sig` checks it. The key comes from Exports:SigningKeyFile
/// (PEM, PKCS#8); where none exists and Exports:CreateDevelopmentKey is true, one is generated there. A rotation
/// replaces the file; <see cref="Current"/> is then the new key.
/// </summary>
public sealed class ExportSigner
{
    private readonly KeyFile<Ed25519SigningKey> _file;

    public ExportSigner(IOptions<ExportSettings> options, IHostEnvironment environment)
    {
        var settings = options.Value;
        _file = KeyFiles.Signer(settings.SigningKeyFile, settings.CreateDevelopmentKey, environment, "export-signing.pem",
                                Ed25519SigningKey.Generate, "Exports:SigningKeyFile", pem => new Ed25519SigningKey(SigningKeyKind.Export, pem));
    }

    /// <summary>The key to sign with now: take it once per manifest.</summary>
    public Ed25519SigningKey Current => _file.Current;

    public string KeyFile => _file.Path;

    public static bool Verify(string publicKeyPem, byte[] data, byte[] signature) =>
        PublicKey.TryImport(SignatureAlgorithm.Ed25519, Encoding.ASCII.GetBytes(publicKeyPem), KeyBlobFormat.PkixPublicKeyText, out var key)
        && SignatureAlgorithm.Ed25519.Verify(key!, data, signature);

    /// <summary>The key id of an Ed25519 public key in PEM (as <see cref="ISigningKey.KeyId"/>), or null if it is none.</summary>
    public static string? KeyIdOf(string publicKeyPem) =>
        PublicKey.TryImport(SignatureAlgorithm.Ed25519, Encoding.ASCII.GetBytes(publicKeyPem), KeyBlobFormat.PkixPublicKeyText, out var key)
            ? Ed25519SigningKey.IdOf(key!)
            : null;
}

/// <summary>
/// An Ed25519 private key (PEM, PKCS#8) as a signing key of a kind. NSec (libsodium) because .NET has no Ed25519 of
/// its own.
/// </summary>
public sealed class Ed25519SigningKey : ISigningKey
{
    private readonly Key _key;

    public Ed25519SigningKey(string kind, string pem)
    {
        Kind = kind;
        _key = Key.Import(SignatureAlgorithm.Ed25519, Encoding.ASCII.GetBytes(pem), KeyBlobFormat.PkixPrivateKeyText, Exportable());
        PublicKeyPem = Encoding.ASCII.GetString(_key.Export(KeyBlobFormat.PkixPublicKeyText));
        KeyId = IdOf(_key.PublicKey);
    }

    public string Kind { get; }
    public string KeyId { get; }
    public string Algorithm => Signatures.Ed25519;
    public string PublicKeyPem { get; }

    public byte[] Sign(byte[] data) => SignatureAlgorithm.Ed25519.Sign(_key, data);

    public static string Generate()
    {
        using var generated = Key.Create(SignatureAlgorithm.Ed25519, Exportable());
        return Encoding.ASCII.GetString(generated.Export(KeyBlobFormat.PkixPrivateKeyText));
    }

    internal static string IdOf(PublicKey key) =>
        Convert.ToHexStringLower(SHA256.HashData(key.Export(KeyBlobFormat.PkixPublicKey)))[..16];

    private static KeyCreationParameters Exportable() => new() { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };
}
