using RegionLock.Ledger.Access;
using RegionLock.Ledger.Exports;

namespace RegionLock.Ledger.Integrity.Keys;

/// <summary>
/// Signing keys kept in PEM files, the default: Integrity:SigningKeyFile (checkpoints, ECDSA P-256),
/// Integrity:LogKeyFile (the log's notes, Ed25519), Exports:SigningKeyFile (manifests, Ed25519) and, where set or in
/// Development, Auth:SigningKeyFile (tokens, ECDSA P-256). A missing file is generated where CreateDevelopmentKey
/// allows. A file replaced (by a rotation, here or on another node) is read at the next signature.
/// </summary>
public sealed class FileSigningKeys : ISigningKeys
{
    private readonly Dictionary<string, (KeyFile<ISigningKey> File, Func<string> Generate)> _files = [];

    public FileSigningKeys(IntegritySettings integrity, ExportSettings exports, AuthSettings auth, IHostEnvironment environment)
    {
        Add(SigningKeyKind.Checkpoint, integrity.SigningKeyFile, integrity.CreateDevelopmentKey, "checkpoint-signing.pem",
            "Integrity:SigningKeyFile", EcdsaSigningKey.Generate, pem => new EcdsaSigningKey(SigningKeyKind.Checkpoint, pem));
        Add(SigningKeyKind.Log, integrity.LogKeyFile, integrity.CreateDevelopmentKey, "log-signing.pem",
            "Integrity:LogKeyFile", NoteSigner.GenerateKey, pem => new Ed25519SigningKey(SigningKeyKind.Log, pem));
        Add(SigningKeyKind.Export, exports.SigningKeyFile, exports.CreateDevelopmentKey, "export-signing.pem",
            "Exports:SigningKeyFile", NoteSigner.GenerateKey, pem => new Ed25519SigningKey(SigningKeyKind.Export, pem));
        // Production trusts its identity provider's tokens and needs no key of its own.
        if (auth.SigningKeyFile is not null || environment.IsDevelopment())
            Add(SigningKeyKind.Token, auth.SigningKeyFile, auth.CreateDevelopmentKey, "token-signing.pem",
                "Auth:SigningKeyFile", EcdsaSigningKey.Generate, pem => new EcdsaSigningKey(SigningKeyKind.Token, pem));

        void Add(string kind, string? path, bool? create, string localName, string setting, Func<string> generate,
                 Func<string, ISigningKey> parse) =>
            _files[kind] = (KeyFiles.Signer(path, create, environment, localName, generate, setting, parse), generate);
    }

    public ISigningKey? Current(string kind) => _files.TryGetValue(kind, out var key) ? key.File.Current : null;

    /// <summary>
    /// Generates a new key into the kind's file (atomically, owner-only); the old private key is kept only until the
    /// rotation is recorded: what it signed is checked with its public half in the key history. Which kinds rotate is
    /// <see cref="KeyRotation"/>'s to say.
    /// </summary>
    public KeyReplacement Replace(string kind)
    {
        if (!_files.TryGetValue(kind, out var key)) throw new ArgumentException($"this service holds no {kind} signing key");
        var replaced = key.File.Current;
        var previous = File.ReadAllText(key.File.Path);
        KeyFiles.Replace(key.File.Path, key.Generate(), overwrite: true);
        return new KeyReplacement(replaced, key.File.Current, () => KeyFiles.Replace(key.File.Path, previous, overwrite: true));
    }
}
