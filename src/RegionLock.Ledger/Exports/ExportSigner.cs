using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

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
        var exportable = new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };
        if (File.Exists(file))
        {
            _key = Key.Import(Ed25519, File.ReadAllBytes(file), KeyBlobFormat.PkixPrivateKeyText, exportable);
        }
        else if (create)
        {
            _key = Key.Create(Ed25519, exportable);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            File.WriteAllBytes(file, _key.Export(KeyBlobFormat.PkixPrivateKeyText));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        else
        {
            throw new InvalidOperationException($"no export signing key at {file}: set Exports:SigningKeyFile to a PEM Ed25519 private key");
        }
        PublicKeyPem = Encoding.ASCII.GetString(_key.Export(KeyBlobFormat.PkixPublicKeyText));
        KeyId = Convert.ToHexStringLower(SHA256.HashData(_key.PublicKey.Export(KeyBlobFormat.PkixPublicKey)))[..16];
    }

    public string PublicKeyPem { get; }

    public string KeyId { get; }

    public byte[] Sign(byte[] data) => Ed25519.Sign(_key, data);

    public static bool Verify(string publicKeyPem, byte[] data, byte[] signature) =>
        PublicKey.TryImport(Ed25519, Encoding.ASCII.GetBytes(publicKeyPem), KeyBlobFormat.PkixPublicKeyText, out var key)
        && Ed25519.Verify(key!, data, signature);

    public void Dispose() => _key.Dispose();
}
