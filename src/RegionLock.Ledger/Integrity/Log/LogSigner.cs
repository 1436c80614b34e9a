using Microsoft.Extensions.Options;
using RegionLock.Ledger.Integrity.Keys;

namespace RegionLock.Ledger.Integrity.Log;

/// <summary>The log's key as a note signer (its vkey) and as a signing key of the key history (kind log).</summary>
public sealed record LogKey(NoteSigner Note, ISigningKey Signing);

/// <summary>
/// The log's Ed25519 key (kind log of <see cref="ISigningKeys"/>: by default Integrity:LogKeyFile, PEM, PKCS#8,
/// `openssl genpkey -algorithm ed25519`), under the key name Integrity:LogOrigin: it signs every checkpoint as a
/// C2SP signed note. It is recorded in the key history before it first signs and changed with `keys rotate --kind log`.
/// </summary>
public sealed class LogSigner(ISigningKeys keys, IOptions<IntegritySettings> options)
{
    public string Origin => options.Value.LogOrigin;

    /// <summary>The key to sign with now: take it once per checkpoint, so that the key recorded is the key that signs.</summary>
    public LogKey Current
    {
        get
        {
            var key = keys.Required(SigningKeyKind.Log);
            return new LogKey(new NoteSigner(Origin, NoteSignatureType.Ed25519, Ed25519SigningKey.RawPublicKey(key.PublicKeyPem), key.Sign), key);
        }
    }

    /// <summary>The signed note of the log's checkpoint of a tree: the origin, the size, the root, the log's signature.</summary>
    public string SignedCheckpoint(long size, byte[] root, LogKey key)
    {
        var text = new LogCheckpoint(Origin, size, root).Text;
        return new SignedNote(text, [key.Note.Sign(text)]).ToString();
    }

    /// <summary>The verifier key, under <paramref name="origin"/>, of a log key the history holds (its public key in PEM).</summary>
    public static NoteVerifier Verifier(string origin, string publicKeyPem) =>
        NoteVerifier.Of(origin, NoteSignatureType.Ed25519, Ed25519SigningKey.RawPublicKey(publicKeyPem));
}
