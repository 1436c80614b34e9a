using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace RegionLock.Transparency;

/// <summary>The signature types of c2sp.org/signed-note this code speaks.</summary>
public enum NoteSignatureType : byte
{
    /// <summary>Ed25519 over the note text: how a log signs its checkpoints.</summary>
    Ed25519 = 0x01,

    /// <summary>Timestamped Ed25519 cosignature v1 (c2sp.org/tlog-cosignature): how a witness signs.</summary>
    CosignatureV1 = 0x04,
}

public static class KeyIds
{
    /// <summary>key ID = SHA-256(key name || 0x0A || signature type || public key)[:4], big-endian.</summary>
    public static uint Of(string name, NoteSignatureType type, ReadOnlySpan<byte> publicKey) =>
        BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData([.. Encoding.UTF8.GetBytes(name), 0x0A, (byte)type, .. publicKey]));

    public static byte[] Bytes(uint keyId)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, keyId);
        return bytes;
    }

    /// <summary>Key names are non-empty and hold no Unicode space and no plus.</summary>
    public static bool IsName(string name) =>
        name.Length > 0 && !name.Any(c => char.IsWhiteSpace(c) || c == '+' || char.IsControl(c));
}

/// <summary>A verifier key ("vkey": name+hex(key ID)+base64(type || public key)) of an Ed25519 signer or cosigner.</summary>
public sealed record NoteVerifier(string Name, uint KeyId, NoteSignatureType Type, byte[] PublicKey)
{
    private const int Ed25519SignatureSize = 64;

    public override string ToString() =>
        $"{Name}+{KeyId:x8}+{Convert.ToBase64String([(byte)Type, .. PublicKey])}";

    /// <summary>The verifier of a public key under a name, with the key ID the spec derives from both.</summary>
    public static NoteVerifier Of(string name, NoteSignatureType type, byte[] publicKey) =>
        new(name, KeyIds.Of(name, type, publicKey), type, publicKey);

    public static NoteVerifier Parse(string vkey)
    {
        var parts = vkey.Trim().Split('+', 3);
        if (parts.Length != 3 || !KeyIds.IsName(parts[0]) || parts[1].Length != 8
            || !uint.TryParse(parts[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var id))
            throw new FormatException("a vkey is <name>+<8 hex digits>+<base64>");
        byte[] key;
        try
        {
            key = Convert.FromBase64String(parts[2]);
        }
        catch (FormatException)
        {
            throw new FormatException("a vkey's key is base64");
        }
        if (key.Length != 33 || !Enum.IsDefined((NoteSignatureType)key[0]))
            throw new FormatException("a vkey here is an Ed25519 key of type 0x01 or 0x04 (33 bytes)");
        var verifier = new NoteVerifier(parts[0], id, (NoteSignatureType)key[0], key[1..]);
        if (KeyIds.Of(verifier.Name, verifier.Type, verifier.PublicKey) != id)
            throw new FormatException("a vkey's key ID is not the one its name, type and key give");
        return verifier;
    }

    /// <summary>Checks a signature (the bytes after the key ID) over the note text.</summary>
    public bool Verify(byte[] text, byte[] signature) => Type switch
    {
        NoteSignatureType.Ed25519 => signature.Length == Ed25519SignatureSize && Ed25519Verify(text, signature),
        NoteSignatureType.CosignatureV1 => signature.Length == 8 + Ed25519SignatureSize
                                           && Ed25519Verify(Cosignature.Message(CosignedAt(signature), text), signature[8..]),
        _ => false,
    };

    /// <summary>The POSIX time a cosignature carries in its first 8 bytes.</summary>
    public static ulong CosignedAt(byte[] signature) => BinaryPrimitives.ReadUInt64BigEndian(signature);

    private bool Ed25519Verify(byte[] message, byte[] signature) =>
        NSec.Cryptography.PublicKey.TryImport(SignatureAlgorithm.Ed25519, PublicKey, KeyBlobFormat.RawPublicKey, out var key)
        && SignatureAlgorithm.Ed25519.Verify(key!, message, signature);
}

/// <summary>The message an Ed25519 cosignature v1 signs: a header, the time, then the checkpoint's note text.</summary>
public static class Cosignature
{
    public static byte[] Message(ulong timestamp, byte[] text) =>
        [.. Encoding.ASCII.GetBytes($"cosignature/v1\ntime {timestamp}\n"), .. text];
}

/// <summary>
/// Signs notes with an Ed25519 key under a key name: as a log (type 0x01) or as a witness's cosigner (type 0x04,
/// timestamped). The private key is wherever its holder keeps it: a PEM file (<see cref="FromPem"/>), a KMS or an HSM;
/// this class only frames what is signed.
/// </summary>
public sealed class NoteSigner
{
    private readonly Func<byte[], byte[]> _sign;

    /// <param name="publicKey">The raw 32-byte Ed25519 public key.</param>
    /// <param name="sign">The Ed25519 signature of a message by the matching private key.</param>
    public NoteSigner(string name, NoteSignatureType type, byte[] publicKey, Func<byte[], byte[]> sign)
    {
        if (!KeyIds.IsName(name)) throw new ArgumentException($"'{name}' is not a key name: no spaces, no plus, not empty");
        _sign = sign;
        Verifier = NoteVerifier.Of(name, type, publicKey);
    }

    /// <summary>
    /// A signer of an Ed25519 private key in PEM (PKCS#8: what `openssl genpkey -algorithm ed25519` writes). NSec
    /// (libsodium) because .NET has no Ed25519 of its own.
    /// </summary>
    public static NoteSigner FromPem(string name, NoteSignatureType type, string privateKeyPem)
    {
        var key = Key.Import(SignatureAlgorithm.Ed25519, Encoding.ASCII.GetBytes(privateKeyPem), KeyBlobFormat.PkixPrivateKeyText);
        return new NoteSigner(name, type, key.PublicKey.Export(KeyBlobFormat.RawPublicKey), message => SignatureAlgorithm.Ed25519.Sign(key, message));
    }

    public NoteVerifier Verifier { get; }

    /// <summary>The signature of a log over a note text.</summary>
    public NoteSignature Sign(string text)
    {
        if (Verifier.Type != NoteSignatureType.Ed25519) throw new InvalidOperationException("a cosigner signs with a time");
        return new NoteSignature(Verifier.Name, Verifier.KeyId, _sign(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>A timestamped cosignature over a checkpoint's note text.</summary>
    public NoteSignature Cosign(string text, DateTimeOffset now)
    {
        if (Verifier.Type != NoteSignatureType.CosignatureV1) throw new InvalidOperationException("a log signs without a time");
        var timestamp = (ulong)now.ToUnixTimeSeconds();
        var signature = _sign(Cosignature.Message(timestamp, Encoding.UTF8.GetBytes(text)));
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, timestamp);
        return new NoteSignature(Verifier.Name, Verifier.KeyId, [.. bytes, .. signature]);
    }

    /// <summary>A new Ed25519 private key, PEM (PKCS#8).</summary>
    public static string GenerateKey()
    {
        using var key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        return Encoding.ASCII.GetString(key.Export(KeyBlobFormat.PkixPrivateKeyText));
    }
}
