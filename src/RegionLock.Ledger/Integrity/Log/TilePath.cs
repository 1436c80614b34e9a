namespace RegionLock.Ledger.Integrity.Log;

/// <summary>
/// A path under tile/ as c2sp.org/tlog-tiles writes it: <c>&lt;L&gt;/&lt;N&gt;[.p/&lt;W&gt;]</c> for a tile of
/// level L, <c>entries/&lt;N&gt;[.p/&lt;W&gt;]</c> for an entry bundle. N is written in 3-digit groups, all but the
/// last prefixed with x (1234067: x001/x234/067); L is 0–63 and W 1–255, both without leading zeroes.
/// </summary>
public readonly record struct TilePath(int Level, long Index, int Width)
{
    /// <summary>The first hash (or entry) of the tile at its level.</summary>
    public long First => Index * Tiles.Width;

    /// <summary>Reads the path of a tile (<paramref name="entries"/> false: "L/N…") or of an entry bundle ("N…").</summary>
    public static TilePath? Parse(string path, bool entries)
    {
        var segments = path.Split('/');
        var width = Tiles.Width;
        if (segments.Length >= 2 && segments[^2].EndsWith(".p", StringComparison.Ordinal))
        {
            if (Number(segments[^1], 1, Tiles.Width - 1) is not { } partial) return null;
            width = (int)partial;
            segments = [.. segments[..^2], segments[^2][..^2]];
        }
        var level = 0;
        if (!entries)
        {
            if (segments.Length < 2 || Number(segments[0], 0, 63) is not { } l) return null;
            level = (int)l;
            segments = segments[1..];
        }
        return GroupedIndex(segments) is { } index ? new TilePath(level, index, width) : null;
    }

    private static long? GroupedIndex(string[] groups)
    {
        // Six groups reach 10^18 - 1, beyond any tile index of a tree of 2^63 leaves; the first group is never zero.
        if (groups.Length == 0 || groups.Length > 6 || (groups.Length > 1 && groups[0] == "x000")) return null;
        long index = 0;
        for (var i = 0; i < groups.Length; i++)
        {
            var group = i < groups.Length - 1 ? groups[i].StartsWith('x') ? groups[i][1..] : null : groups[i];
            if (group is not { Length: 3 } || !group.All(char.IsAsciiDigit)) return null;
            index = index * 1000 + int.Parse(group);
        }
        return index;
    }

    private static long? Number(string text, long min, long max)
    {
        if (text.Length == 0 || text.Length > 3 || !text.All(char.IsAsciiDigit) || (text.Length > 1 && text[0] == '0')) return null;
        var value = long.Parse(text);
        return value >= min && value <= max ? value : null;
    }
}
