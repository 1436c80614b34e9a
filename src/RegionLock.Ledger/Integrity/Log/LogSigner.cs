using System.Text;
using Microsoft.Extensions.Options;
using NSec.Cryptography;
using RegionLock.Ledger.Exports;
using RegionLock.Ledger.Integrity.Keys;

namespace RegionLock.Ledger.Integrity.Log;

/// <summary>The log's key as a note signer (its vkey) and as a signing key of the key history (kind log).</summary>
public sealed record LogKey(NoteSigner Note, Ed25519SigningKey Signing);

/// <summary>
/// The log's Ed25519 key, under the key name Integrity:LogOrigin: it signs every checkpoint as a C2SP signed note.
/// The key comes from Integrity:LogKeyFile (PEM, PKCS#8: `openssl genpkey -algorithm ed25519`); where none exists and
/// Integrity:CreateDevelopmentKey is true, one is generated there. It is recorded in the key history before it first
/// signs and changed with `keys rotate --kind log`; a replaced file is read at the next signature.
/// </summary>
public sealed class LogSigner
{
    private readonly KeyFile<LogKey> _file;

    public LogSigner(IOptions<IntegritySettings> options, IHostEnvironment environment)
    {
        var settings = options.Value;
        Origin = settings.LogOrigin;
        _file = KeyFiles.Signer(settings.LogKeyFile, settings.CreateDevelopmentKey, environment, "log-signing.pem",
                                NoteSigner.GenerateKey, "Integrity:LogKeyFile",
                                pem => new LogKey(new NoteSigner(settings.LogOrigin, NoteSignatureType.Ed25519, pem),
                                                  new Ed25519SigningKey(SigningKeyKind.Log, pem)));
    }

    public string Origin { get; }

    /// <summary>The key to sign with now: take it once per checkpoint, so that the key recorded is the key that signs.</summary>
    public LogKey Current => _file.Current;

    public string KeyFile => _file.Path;

    /// <summary>The signed note of the log's checkpoint of a tree: the origin, the size, the root, the log's signature.</summary>
    public string SignedCheckpoint(long size, byte[] root, LogKey key)
    {
        var text = new LogCheckpoint(Origin, size, root).Text;
        return new SignedNote(text, [key.Note.Sign(text)]).ToString();
    }

    /// <summary>The verifier key, under <paramref name="origin"/>, of a log key the history holds (its public key in PEM).</summary>
    public static NoteVerifier Verifier(string origin, string publicKeyPem)
    {
        var raw = PublicKey.Import(SignatureAlgorithm.Ed25519, Encoding.ASCII.GetBytes(publicKeyPem), KeyBlobFormat.PkixPublicKeyText)
            .Export(KeyBlobFormat.RawPublicKey);
        return NoteVerifier.Of(origin, NoteSignatureType.Ed25519, raw);
    }
}
