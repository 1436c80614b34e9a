using System.Text;

namespace RegionLock.Transparency;

/// <summary>
/// A C2SP signed note (c2sp.org/signed-note): a text ending in a newline, a blank line, and signature lines
/// "— name base64(key ID || signature)". Hand-written: no served .NET package reads or writes the format.
/// </summary>
public sealed record SignedNote(string Text, IReadOnlyList<NoteSignature> Signatures)
{
    /// <summary>More than the 16 the spec asks every verifier to accept; a bound on what a request can make us check.</summary>
    public const int MaxSignatures = 100;

    public override string ToString() => Text + "\n" + string.Concat(Signatures.Select(s => s.Line));

    /// <summary>Reads a note; <see cref="FormatException"/> says how it breaks the format.</summary>
    public static SignedNote Parse(string note)
    {
        if (note.Any(c => c < ' ' && c != '\n')) throw new FormatException("a note holds no control character but newline");
        var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0) throw new FormatException("a note's text is followed by a blank line and its signatures");
        var signatures = ParseSignatureLines(note[(split + 2)..]);
        if (signatures.Count > MaxSignatures) throw new FormatException($"a note carries at most {MaxSignatures} signatures here");
        return new SignedNote(note[..(split + 1)], signatures);
    }

    /// <summary>The signature lines of a response (a witness's cosignatures), each "— name base64" ending in a newline.</summary>
    public static IReadOnlyList<NoteSignature> ParseSignatureLines(string lines)
    {
        if (lines.Length == 0 || !lines.EndsWith('\n')) throw new FormatException("every signature line ends in a newline");
        return lines[..^1].Split('\n').Select(NoteSignature.Parse).ToList();
    }

    /// <summary>
    /// The signatures of <paramref name="known"/> keys that verify. A known key's signature that fails makes the note
    /// invalid (the spec: reject the whole note); signatures of unknown keys are ignored.
    /// </summary>
    public IReadOnlyList<(NoteVerifier Key, NoteSignature Signature)> Verify(IEnumerable<NoteVerifier> known)
    {
        var keys = known.ToList();
        var text = Encoding.UTF8.GetBytes(Text);
        var verified = new List<(NoteVerifier, NoteSignature)>();
        foreach (var signature in Signatures)
        {
            foreach (var key in keys.Where(k => k.Name == signature.KeyName && k.KeyId == signature.KeyId))
            {
                if (!key.Verify(text, signature.Signature))
                    throw new NoteSignatureException($"the signature of {key.Name} ({key.KeyId:x8}) does not verify");
                verified.Add((key, signature));
            }
        }
        return verified;
    }
}

/// <summary>One signature line of a note: the signer's key name, the key ID, and the signature proper.</summary>
public sealed record NoteSignature(string KeyName, uint KeyId, byte[] Signature)
{
    private const string Dash = "— ";

    public string Line => $"{Dash}{KeyName} {Convert.ToBase64String([.. KeyIds.Bytes(KeyId), .. Signature])}\n";

    public static NoteSignature Parse(string line)
    {
        if (!line.StartsWith(Dash, StringComparison.Ordinal)) throw new FormatException("a signature line starts with an em dash and a space");
        var parts = line[Dash.Length..].Split(' ');
        if (parts.Length != 2 || !KeyIds.IsName(parts[0])) throw new FormatException("a signature line is \"— <key name> <base64>\"");
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(parts[1]);
        }
        catch (FormatException)
        {
            throw new FormatException("a signature is base64");
        }
        if (bytes.Length < 5) throw new FormatException("a signature is a 4-byte key ID and the signature");
        return new NoteSignature(parts[0], System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes), bytes[4..]);
    }
}

/// <summary>A signature of a known key that fails: the note is malformed and must be rejected.</summary>
public sealed class NoteSignatureException(string message) : Exception(message);
