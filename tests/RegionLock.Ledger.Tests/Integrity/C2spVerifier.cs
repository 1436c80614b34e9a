using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace RegionLock.Ledger.Tests.Integrity;

/// <summary>
/// A verifier of the C2SP transparency-log formats written from the specs' text (c2sp.org/signed-note,
/// tlog-checkpoint, tlog-cosignature, tlog-tiles, tlog-proof), independently of the product's code, so that what the
/// ledger and its witnesses serve is checked by a second implementation. Ed25519 is NSec's; everything else is here.
/// </summary>
public static class C2spVerifier
{
    /// <summary>signed-note, "Verifier keys": &lt;name&gt;+hex(key ID)+base64(type || public key).</summary>
    public sealed record Vkey(string Name, byte[] KeyId, byte Type, byte[] PublicKey);

    public sealed record Note(string Text, List<(string Name, byte[] Blob)> Signatures);

    public sealed record Checkpoint(string Origin, long Size, byte[] Root);

    public sealed record Proof(byte[]? Extra, long Index, List<byte[]> Path, string Checkpoint);

    /// <summary>Standard base64 (RFC 4648, section 4), in its one canonical spelling.</summary>
    public static byte[] Base64(string text)
    {
        var bytes = Convert.FromBase64String(text);
        if (Convert.ToBase64String(bytes) != text) throw new FormatException($"'{text}' is not canonical base64");
        return bytes;
    }

    public static Vkey ParseVkey(string vkey)
    {
        var parts = vkey.Trim().Split('+', 3);
        if (parts.Length != 3) throw new FormatException("three parts separated by +");
        var material = Base64(parts[2]);
        var parsed = new Vkey(parts[0], Convert.FromHexString(parts[1]), material[0], material[1..]);
        // key ID = SHA-256(key name || 0x0A || signature type || public key)[:4]
        var expected = SHA256.HashData([.. Encoding.UTF8.GetBytes(parsed.Name), 0x0A, parsed.Type, .. parsed.PublicKey])[..4];
        if (!expected.SequenceEqual(parsed.KeyId)) throw new FormatException("the key ID does not match the key");
        return parsed;
    }

    /// <summary>
    /// "A signed note consists of a text ending in newline, followed by a blank line, followed by one or more
    /// signature lines": em dash, space, key name, space, base64 signature, newline. The text is separated from the
    /// signatures by the last empty line.
    /// </summary>
    public static Note ParseNote(string note)
    {
        if (note.Any(c => c < 0x20 && c != '\n')) throw new FormatException("control character");
        var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0 || !note.EndsWith('\n')) throw new FormatException("no blank line before signatures");
        var signatures = note[(split + 2)..^1].Split('\n').Select(line =>
        {
            if (!line.StartsWith("\u2014 ")) throw new FormatException($"not a signature line: {line}");
            var fields = line[2..].Split(' ');
            if (fields.Length != 2 || fields[0].Length == 0 || fields[0].Contains('+')) throw new FormatException(line);
            return (fields[0], Base64(fields[1]));
        }).ToList();
        return new Note(note[..(split + 1)], signatures);
    }

    /// <summary>
    /// Whether a signature of the key (same name and key ID) verifies over the note: type 0x01 is Ed25519 over the
    /// text; type 0x04 (tlog-cosignature) is a big-endian u64 timestamp and an Ed25519 signature over
    /// "cosignature/v1\ntime &lt;timestamp&gt;\n" followed by the note text.
    /// </summary>
    public static bool SignedBy(Note note, Vkey key, out ulong timestamp)
    {
        timestamp = 0;
        var publicKey = PublicKey.Import(SignatureAlgorithm.Ed25519, key.PublicKey, KeyBlobFormat.RawPublicKey);
        foreach (var (name, blob) in note.Signatures.Where(s => s.Name == key.Name && s.Blob.Length > 4 && s.Blob[..4].SequenceEqual(key.KeyId)))
        {
            var signature = blob[4..];
            var text = Encoding.UTF8.GetBytes(note.Text);
            if (key.Type == 0x01 && SignatureAlgorithm.Ed25519.Verify(publicKey, text, signature)) return true;
            if (key.Type == 0x04 && signature.Length == 72)
            {
                timestamp = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(signature);
                byte[] message = [.. Encoding.ASCII.GetBytes($"cosignature/v1\ntime {timestamp}\n"), .. text];
                if (SignatureAlgorithm.Ed25519.Verify(publicKey, message, signature[8..])) return true;
            }
        }
        return false;
    }

    /// <summary>tlog-checkpoint: origin, tree size (decimal, no leading zeroes), base64 root hash, one per line.</summary>
    public static Checkpoint ParseCheckpoint(string text)
    {
        var lines = text.Split('\n');
        if (lines.Length < 4 || lines[^1] != "" || (lines[1].Length > 1 && lines[1][0] == '0')) throw new FormatException(text);
        return new Checkpoint(lines[0], long.Parse(lines[1], System.Globalization.NumberStyles.None), Base64(lines[2]));
    }

    /// <summary>
    /// tlog-tiles: "&lt;N&gt; ... encoded into zero-padded 3-digit path elements. All but the last path element MUST
    /// begin with an x", then ".p/&lt;W&gt;" for a partial tile.
    /// </summary>
    public static string TilePath(string level, long n, int width)
    {
        var groups = new List<string>();
        do
        {
            groups.Insert(0, (n % 1000).ToString("D3"));
            n /= 1000;
        } while (n > 0);
        var path = string.Join('/', groups.Select((g, i) => i < groups.Count - 1 ? "x" + g : g));
        return $"tile/{level}/{path}{(width == 256 ? "" : $".p/{width}")}";
    }

    /// <summary>A tile is a concatenation of 32-byte hashes.</summary>
    public static List<byte[]> Hashes(byte[] tile)
    {
        if (tile.Length % 32 != 0) throw new FormatException("a tile is whole hashes");
        return tile.Chunk(32).ToList();
    }

    /// <summary>"Entry bundles are sequences of big-endian uint16 length-prefixed log entries."</summary>
    public static List<byte[]> Entries(byte[] bundle)
    {
        var entries = new List<byte[]>();
        for (var at = 0; at < bundle.Length;)
        {
            var length = (bundle[at] << 8) | bundle[at + 1];
            entries.Add(bundle[(at + 2)..(at + 2 + length)]);
            at += 2 + length;
        }
        return entries;
    }

    /// <summary>
    /// The leaf hashes of a tree of <paramref name="size"/> leaves from its level-0 tiles (full ones, then the partial
    /// one), each level-1+ tile hash checked as the MTH of the full tile below it, as tlog-tiles defines them.
    /// </summary>
    public static async Task<List<byte[]>> LeafHashes(long size, Func<string, Task<byte[]>> fetch)
    {
        var levels = new List<List<byte[]>>();
        for (var level = 0; size >> (8 * level) > 0; level++)
        {
            var count = size >> (8 * level);
            var hashes = new List<byte[]>();
            for (long n = 0; n * 256 < count; n++)
                hashes.AddRange(Hashes(await fetch(TilePath(level.ToString(), n, (int)Math.Min(256, count - n * 256)))));
            if (hashes.Count != count) throw new FormatException($"level {level} has {hashes.Count} hashes, not {count}");
            levels.Add(hashes);
        }
        for (var level = 1; level < levels.Count; level++)
        {
            for (var i = 0; i < levels[level].Count; i++)
            {
                // "each hash in a tile is the Merkle Tree Hash of a full tile at the level below"
                var below = Rfc9162Verifier.TreeHeadOfLeafHashes(levels[level - 1].Skip(i * 256).Take(256).ToList());
                if (!below.SequenceEqual(levels[level][i])) throw new FormatException($"level {level} hash {i} is not the root of the tile below");
            }
        }
        return levels.Count == 0 ? [] : levels[0];
    }

    /// <summary>
    /// tlog-proof: "c2sp.org/tlog-proof@v1", an optional "extra &lt;base64&gt;" line, "index &lt;n&gt;", the
    /// inclusion proof lines, an empty line, then the checkpoint verbatim.
    /// </summary>
    public static Proof ParseProof(string text)
    {
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var lines = text[..split].Split('\n').ToList();
        if (lines[0] != "c2sp.org/tlog-proof@v1") throw new FormatException("header");
        byte[]? extra = null;
        var at = 1;
        if (lines[at].StartsWith("extra ")) extra = Base64(lines[at++][6..]);
        if (!lines[at].StartsWith("index ")) throw new FormatException("index");
        var index = lines[at][6..];
        if (index.Length > 1 && index[0] == '0') throw new FormatException("index with a leading zero");
        return new Proof(extra, long.Parse(index, System.Globalization.NumberStyles.None), lines.Skip(at + 1).Select(Base64).ToList(),
                         text[(split + 2)..]);
    }

    /// <summary>
    /// Verifies a tlog-proof as its "Verifying a tlog proof" section lists the steps: the leaf hash (here of the
    /// entry the extra line carries), the log's signature on a checkpoint of the expected origin, the cosignatures of
    /// known witnesses against a k-of-n policy, the inclusion proof. The entry, if everything holds; else throws.
    /// </summary>
    public static byte[] VerifyReceipt(string receipt, Vkey log, IReadOnlyList<Vkey> witnesses, int quorum)
    {
        var proof = ParseProof(receipt);
        var entry = proof.Extra ?? throw new FormatException("no entry in the extra line");
        var note = ParseNote(proof.Checkpoint);
        var checkpoint = ParseCheckpoint(note.Text);
        if (checkpoint.Origin != log.Name) throw new FormatException($"origin {checkpoint.Origin}");
        if (!SignedBy(note, log, out _)) throw new FormatException("the log's signature does not verify");
        var cosigned = witnesses.Count(witness => SignedBy(note, witness, out _));
        if (cosigned < quorum) throw new FormatException($"{cosigned} cosignatures, {quorum} needed");
        if (!Rfc9162Verifier.VerifyInclusion(proof.Index, checkpoint.Size, Rfc9162Verifier.HashLeaf(entry), proof.Path, checkpoint.Root))
            throw new FormatException("the inclusion proof does not verify");
        return entry;
    }
}
