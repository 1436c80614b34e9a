using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;
using RegionLock.Ledger.Infrastructure;

namespace RegionLock.Ledger.Exports;

/// <summary>
/// Signs export manifests with Ed25519, whose signatures are deterministic: the same manifest gives the same
/// signature, so a re-run export is byte-identical, signature included. `openssl pkeyutl -verify -pubin -inkey
/// public.pem -rawin -in manifest.json -sigfile manifest.sig` checks it. The key comes from Exports:SigningKeyFile
/// (PEM, PKCS#8); where none exists and Exports:CreateDevelopmentKey is true, one is generated there. NSec (libsodium)
/// because .NET has no Ed25519 of its own.
/// </summary>
public sealed class ExportSigner : IDisposable
{
    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;
    private readonly Key _key;

    public ExportSigner(IConfiguration configuration, IHostEnvironment environment)
    {
        var file = configuration["Exports:SigningKeyFile"]
                   ?? Path.Combine(environment.ContentRootPath, ".data", "keys", "export-signing.pem");
        var create = configuration.GetValue("Exports:CreateDevelopmentKey", environment.IsDevelopment());
        var pem = KeyFiles.LoadOrCreate(file, create, () =>
        {
            using var generated = Key.Create(Ed25519, Exportable());
            return Encoding.ASCII.GetString(generated.Export(KeyBlobFormat.PkixPrivateKeyText));
        }, "Exports:SigningKeyFile");
        _key = Key.Import(Ed25519, Encoding.ASCII.GetBytes(pem), KeyBlobFormat.PkixPrivateKeyText, Exportable());
        PublicKeyPem = Encoding.ASCII.GetString(_key.Export(KeyBlobFormat.PkixPublicKeyText));
        KeyId = Convert.ToHexStringLower(SHA256.HashData(_key.PublicKey.Export(KeyBlobFormat.PkixPublicKey)))[..16];
    }

    private static KeyCreationParameters Exportable() => new() { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };

    public string PublicKeyPem { get; }

    public string KeyId { get; }

    public byte[] Sign(byte[] data) => Ed25519.Sign(_key, data);

    public static bool Verify(string publicKeyPem, byte[] data, byte[] signature) =>
        PublicKey.TryImport(Ed25519, Encoding.ASCII.GetBytes(publicKeyPem), KeyBlobFormat.PkixPublicKeyText, out var key)
        && Ed25519.Verify(key!, data, signature);

    public void Dispose() => _key.Dispose();
}
