using Microsoft.Extensions.Options;

namespace RegionLock.Ledger.Integrity.Log;

/// <summary>
/// The log's Ed25519 key, under the key name Integrity:LogOrigin: it signs every checkpoint as a C2SP signed note.
/// The key comes from Integrity:LogKeyFile (PEM, PKCS#8: `openssl genpkey -algorithm ed25519`); where none exists and
/// Integrity:CreateDevelopmentKey is true, one is generated there. A replaced file is read at the next signature.
/// </summary>
public sealed class LogSigner
{
    private readonly KeyFile<NoteSigner> _file;

    public LogSigner(IOptions<IntegritySettings> options, IHostEnvironment environment)
    {
        var settings = options.Value;
        Origin = settings.LogOrigin;
        _file = KeyFiles.Signer(settings.LogKeyFile, settings.CreateDevelopmentKey, environment, "log-signing.pem",
                                NoteSigner.GenerateKey, "Integrity:LogKeyFile",
                                pem => new NoteSigner(settings.LogOrigin, NoteSignatureType.Ed25519, pem));
    }

    public string Origin { get; }

    /// <summary>The key to sign with now, and its verifier key.</summary>
    public NoteSigner Current => _file.Current;

    /// <summary>The signed note of the log's checkpoint of a tree: the origin, the size, the root, the log's signature.</summary>
    public string SignedCheckpoint(long size, byte[] root)
    {
        var text = new LogCheckpoint(Origin, size, root).Text;
        return new SignedNote(text, [Current.Sign(text)]).ToString();
    }
}
