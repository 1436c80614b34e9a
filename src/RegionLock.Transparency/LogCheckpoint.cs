using System.Globalization;

namespace RegionLock.Transparency;

/// <summary>
/// The note text of a C2SP checkpoint (c2sp.org/tlog-checkpoint): the origin, the tree size in decimal without
/// leading zeroes, the base64 RFC 6962 root hash, each on a line of its own, then optional extension lines.
/// </summary>
public sealed record LogCheckpoint(string Origin, long Size, byte[] RootHash)
{
    public string Text => $"{Origin}\n{Size}\n{Convert.ToBase64String(RootHash)}\n";

    /// <summary>Reads a checkpoint's note text; <see cref="FormatException"/> says what is wrong.</summary>
    public static LogCheckpoint Parse(string text)
    {
        if (!text.EndsWith('\n')) throw new FormatException("a checkpoint's lines end in newlines");
        var lines = text[..^1].Split('\n');
        if (lines.Length < 3 || lines.Any(line => line.Length == 0)) throw new FormatException("a checkpoint is at least three non-empty lines");
        return new LogCheckpoint(lines[0], Decimal(lines[1], "the tree size"), Hash(lines[2], "the root hash"));
    }

    /// <summary>A size as the specs write them: ASCII decimal digits, no leading zero unless it is 0.</summary>
    public static long Decimal(string text, string what)
    {
        if (text.Length == 0 || text.Length > 19 || !text.All(char.IsAsciiDigit) || (text.Length > 1 && text[0] == '0')
            || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            throw new FormatException($"{what} is a decimal number without leading zeroes");
        return value;
    }

    /// <summary>A SHA-256 hash in standard base64.</summary>
    public static byte[] Hash(string text, string what)
    {
        try
        {
            var hash = Convert.FromBase64String(text);
            if (hash.Length == MerkleTree.HashSize && Convert.ToBase64String(hash) == text) return hash;
        }
        catch (FormatException)
        {
        }
        throw new FormatException($"{what} is a 32-byte hash in base64");
    }
}
